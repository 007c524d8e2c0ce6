import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { OnboardingStore } from '../domain/ports.ts';
import { call, putIfAbsent, type TableContext } from './dynamodb-call.ts';
import { keys } from './table-design.ts';

/**
 * One item per agreement text ever accepted, keyed by its SHA-256: written once (put if absent), with
 * no expiry, so it stays as long as the acceptances that point at it (the audit's retention period).
 */
export function agreementTextStore(
  ctx: TableContext,
): Pick<OnboardingStore, 'keepAgreementText' | 'getAgreementText'> {
  return {
    async keepAgreementText(copy) {
      await putIfAbsent(ctx, { ...keys.agreementText(copy.sha256), ...copy });
    },

    async getAgreementText(sha256) {
      const result = await call('GetItem', () =>
        ctx.client.send(new GetCommand({ TableName: ctx.tableName, Key: keys.agreementText(sha256) })),
      );
      const item = result.Item;
      if (!item) return undefined;
      return {
        sha256: String(item.sha256),
        version: String(item.version),
        text: String(item.text),
        keptAt: String(item.keptAt),
      };
    },
  };
}
