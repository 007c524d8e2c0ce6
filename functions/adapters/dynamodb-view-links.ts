import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ViewLink } from '../domain/model.ts';
import type { OnboardingStore } from '../domain/ports.ts';
import { call, type Item, type TableContext } from './dynamodb-call.ts';
import { viewLinkItem, writeBatch } from './dynamodb-records.ts';
import { keys } from './table-design.ts';

type ViewLinkPart = Pick<OnboardingStore, 'putViewLink' | 'getViewLink'>;

const VIEW_LINK_FIELDS: Record<keyof ViewLink, true> = {
  idHash: true,
  view: true,
  onboardingId: true,
  recipient: true,
  opensSteps: true,
  createdAt: true,
  expiresAt: true,
};

/** The item back to a ViewLink: only the domain's fields, never keys or the TTL attribute. */
function toViewLink(item: Item): ViewLink {
  return Object.fromEntries(
    Object.keys(VIEW_LINK_FIELDS)
      .filter((name) => item[name] !== undefined)
      .map((name) => [name, item[name]]),
  ) as unknown as ViewLink;
}

/**
 * View links (checklist and queue pages) live in their own partitions, like action links: a plain put
 * (the id hash comes from 256 random bits) and a consistent GetItem. TTL cleans up on AWS only.
 *
 * Links asked for together (the contact's and the rep's, minted side by side for one piece of news)
 * go out as one BatchWriteItem: puts asked for in the same turn of the event loop are gathered until
 * the next microtask. A lone link is one PutItem, as before. Each caller's promise settles with the
 * write that carries its link, so a failure reaches every caller whose link it concerns.
 */
export function viewLinkStore(ctx: TableContext): ViewLinkPart {
  let gathering: { links: ViewLink[]; written: Promise<void> } | undefined;
  const writeGathered = async (links: ViewLink[]) => {
    const [only] = links;
    if (links.length === 1 && only) {
      const item = viewLinkItem(only);
      await call('PutItem', () => ctx.client.send(new PutCommand({ TableName: ctx.tableName, Item: item })));
      return;
    }
    await writeBatch(ctx, { viewLinks: links });
  };
  return {
    putViewLink(link) {
      if (!gathering) {
        const group: { links: ViewLink[]; written: Promise<void> } = {
          links: [],
          written: Promise.resolve().then(() => {
            gathering = undefined;
            return writeGathered(group.links);
          }),
        };
        gathering = group;
      }
      gathering.links.push(link);
      return gathering.written;
    },

    async getViewLink(idHash) {
      const result = await call('GetItem', () =>
        ctx.client.send(
          new GetCommand({ TableName: ctx.tableName, Key: keys.viewLink(idHash), ConsistentRead: true }),
        ),
      );
      return result.Item && toViewLink(result.Item);
    },
  };
}
