import { InvalidInputError } from '../domain/errors.ts';
import type { Item } from './dynamodb-call.ts';
import { TABLE_DESIGN } from './table-design.ts';

/**
 * Page cursors for the by-stage listing: the base64url JSON of the index key where a page ended.
 * Cursors come back from browsers and scripts, so a decoded cursor is checked to be exactly such a
 * key, of the stage being listed, before DynamoDB sees it: a tampered cursor is a 400 with a clear
 * message, never a crash or a ValidationException.
 */
const { partitionKey, sortKey, stageIndex } = TABLE_DESIGN;
const CURSOR_ATTRIBUTES: readonly string[] = [
  partitionKey,
  sortKey,
  stageIndex.partitionKey,
  stageIndex.sortKey,
];
const MAX_CURSOR_LENGTH = 2048;

export function encodeCursor(key: Item): string {
  const picked = Object.fromEntries(CURSOR_ATTRIBUTES.map((name) => [name, key[name]]));
  return Buffer.from(JSON.stringify(picked)).toString('base64url');
}

export function decodeCursor(cursor: string, expectedStagePk: string): Record<string, string> {
  const key = parse(cursor);
  const pk = key[partitionKey];
  const gsiSk = key[stageIndex.sortKey];
  const wellFormed =
    key[stageIndex.partitionKey] === expectedStagePk &&
    key[sortKey] === 'PROFILE' &&
    pk?.startsWith('ONBOARDING#') === true &&
    gsiSk?.endsWith(`#${pk.slice('ONBOARDING#'.length)}`) === true;
  if (!wellFormed) throw invalid('it does not belong to this listing');
  return key;
}

function parse(cursor: string): Record<string, string> {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw invalid('it is not a cursor this service issued');
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('it is not a cursor this service issued');
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) {
    throw invalid('it is not a cursor this service issued');
  }
  const entries = Object.entries(decoded);
  const exact =
    entries.length === CURSOR_ATTRIBUTES.length &&
    entries.every(([name, value]) => CURSOR_ATTRIBUTES.includes(name) && typeof value === 'string');
  if (!exact) throw invalid('it is not a cursor this service issued');
  return decoded as Record<string, string>;
}

function invalid(why: string): InvalidInputError {
  const message = `The page cursor is not valid: ${why}. Start again from the first page.`;
  return new InvalidInputError(message, { cursor: message });
}
