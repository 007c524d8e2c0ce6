import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TeamInvitation } from '../domain/model.ts';
import type { OnboardingStore } from '../domain/ports.ts';
import { call, conditionally, type Item, type TableContext, withoutUndefined } from './dynamodb-call.ts';
import { keys, TABLE_DESIGN } from './table-design.ts';

type TeamPart = Pick<
  OnboardingStore,
  'putInvitation' | 'getInvitation' | 'confirmInvitation' | 'addTeamMember' | 'removeTeamMember'
>;

const INVITATION_FIELDS: Record<keyof TeamInvitation, true> = {
  idHash: true,
  onboardingId: true,
  member: true,
  invitedBy: true,
  contactEmail: true,
  createdAt: true,
  expiresAt: true,
  confirmedAt: true,
  confirmedBy: true,
};

function toInvitation(item: Item): TeamInvitation {
  return Object.fromEntries(
    Object.keys(INVITATION_FIELDS)
      .filter((name) => item[name] !== undefined)
      .map((name) => [name, item[name]]),
  ) as unknown as TeamInvitation;
}

/**
 * The provider team grows: invitations live in their own partitions like links (only the SHA-256 of
 * the emailed id), confirmed with one conditional write; a member joins the onboarding's `team` list
 * with a write conditioned on the list as it was read, so ten concurrent confirmations add once.
 */
export function teamStore(ctx: TableContext): TeamPart {
  const { client, tableName } = ctx;
  const getInvitation = async (idHash: string) => {
    const result = await call('GetItem', () =>
      client.send(
        new GetCommand({ TableName: tableName, Key: keys.invitation(idHash), ConsistentRead: true }),
      ),
    );
    return result.Item && toInvitation(result.Item);
  };
  return {
    async putInvitation(invitation) {
      const item = {
        ...withoutUndefined(invitation),
        [TABLE_DESIGN.ttlAttribute]: Math.floor(Date.parse(invitation.expiresAt) / 1000),
        ...keys.invitation(invitation.idHash),
      };
      await call('PutItem', () => client.send(new PutCommand({ TableName: tableName, Item: item })));
    },

    getInvitation,

    async confirmInvitation(idHash, confirmation) {
      const confirmed = await conditionally('UpdateItem', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.invitation(idHash),
            UpdateExpression: 'SET confirmedAt = :at, confirmedBy = :by',
            ConditionExpression: `attribute_exists(${TABLE_DESIGN.partitionKey}) AND attribute_not_exists(confirmedAt)`,
            ExpressionAttributeValues: { ':at': confirmation.at, ':by': confirmation.by },
          }),
        ),
      );
      return { kind: confirmed ? 'confirmed' : 'unchanged', invitation: await getInvitation(idHash) };
    },

    async addTeamMember(onboardingId, member, max) {
      const key = keys.onboarding(onboardingId);
      // Each lost round means someone else changed the team; it holds at most `max` members.
      for (let round = 0; round <= max + 1; round += 1) {
        const { Item: item } = await call('GetItem', () =>
          client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true })),
        );
        if (!item) return 'no-onboarding';
        const team = (item.team as TeamInvitation['member'][] | undefined) ?? [];
        if (team.some((existing) => existing.email.toLowerCase() === member.email.toLowerCase())) {
          return 'already-member';
        }
        if (team.length >= max) return 'full';
        const added = await conditionally('UpdateItem', () =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: key,
              UpdateExpression: 'SET #team = :team',
              ConditionExpression:
                team.length === 0
                  ? 'attribute_not_exists(#team) OR size(#team) = :zero'
                  : 'size(#team) = :size',
              ExpressionAttributeNames: { '#team': 'team' },
              ExpressionAttributeValues: {
                ':team': [...team, member],
                ...(team.length === 0 ? { ':zero': 0 } : { ':size': team.length }),
              },
            }),
          ),
        );
        if (added) return 'added';
      }
      return 'full';
    },

    async removeTeamMember(onboardingId, email) {
      const key = keys.onboarding(onboardingId);
      // A lost round means the team changed meanwhile: read it again and retry on what is there now.
      for (let round = 0; round < 20; round += 1) {
        const { Item: item } = await call('GetItem', () =>
          client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true })),
        );
        if (!item) return { kind: 'no-onboarding' };
        const team = (item.team as TeamInvitation['member'][] | undefined) ?? [];
        const index = team.findIndex((existing) => existing.email.toLowerCase() === email.toLowerCase());
        const member = team[index];
        if (!member) return { kind: 'not-member' };
        const removed = await conditionally('UpdateItem', () =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: key,
              UpdateExpression: 'SET #team = :team',
              // The list as read: same length, and the member still at the same place.
              ConditionExpression: `size(#team) = :size AND #team[${index}].#email = :email`,
              ExpressionAttributeNames: { '#team': 'team', '#email': 'email' },
              ExpressionAttributeValues: {
                ':team': team.filter((_, at) => at !== index),
                ':size': team.length,
                ':email': member.email,
              },
            }),
          ),
        );
        if (removed) return { kind: 'removed', member };
      }
      throw new Error(`The team of ${onboardingId} kept changing while a member was being removed`);
    },
  };
}
