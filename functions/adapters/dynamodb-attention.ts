import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Attention } from '../domain/model.ts';
import type { OnboardingStore } from '../domain/ports.ts';
import { conditionally, type TableContext } from './dynamodb-call.ts';
import { ATTENTION_SETS } from './dynamodb-items.ts';
import { keys, TABLE_DESIGN } from './table-design.ts';

type AttentionPart = Pick<OnboardingStore, 'noteAttention'>;

/**
 * A step's place in its onboarding's attention: one UpdateItem on the profile that ADDs the wait key
 * to string sets or DELETEs it from them. Either is safe to repeat (a retry never counts twice), and
 * the by-rep index projects the profile, so the rep's portfolio shows it with no read per row. Only
 * on an existing profile: a stray call after a deletion does nothing.
 */
export function attentionStore(ctx: TableContext): AttentionPart {
  return {
    async noteAttention(onboardingId, waitKey, change) {
      const sets: Partial<Record<keyof Attention, boolean>> = {};
      if (change.openQuestion !== undefined) {
        sets.questionsToProvider = change.openQuestion === 'provider';
        sets.questionsToMarketplace = change.openQuestion === 'marketplace';
      }
      if (change.deliveryProblem !== undefined) sets.deliveryProblems = change.deliveryProblem;
      const names: Record<string, string> = { '#pk': TABLE_DESIGN.partitionKey };
      const adds: string[] = [];
      const deletes: string[] = [];
      for (const [set, add] of Object.entries(sets) as [keyof Attention, boolean][]) {
        const placeholder = `#${set}`;
        names[placeholder] = ATTENTION_SETS[set];
        (add ? adds : deletes).push(`${placeholder} :step`);
      }
      if (adds.length === 0 && deletes.length === 0) return;
      const clauses = [
        adds.length > 0 ? `ADD ${adds.join(', ')}` : '',
        deletes.length > 0 ? `DELETE ${deletes.join(', ')}` : '',
      ];
      await conditionally('UpdateItem', () =>
        ctx.client.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.onboarding(onboardingId),
            UpdateExpression: clauses.filter(Boolean).join(' '),
            ConditionExpression: 'attribute_exists(#pk)',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':step': new Set([waitKey]) },
          }),
        ),
      );
    },
  };
}
