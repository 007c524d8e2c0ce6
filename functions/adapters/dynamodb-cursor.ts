import { InvalidInputError } from '../domain/errors.ts';
import type { Item } from './dynamodb-call.ts';
import { type IndexDesign, TABLE_DESIGN } from './table-design.ts';

/**
 * Page cursors for the index listings (by stage, by rep): the base64url JSON of the index key where a page ended.
 * Cursors come back from browsers and scripts, so a decoded cursor is checked to be exactly such a
 * key, of the stage or rep being listed, before DynamoDB sees it: a tampered cursor is a 400 with a clear
 * message, never a crash or a ValidationException.
 */
const { partitionKey, sortKey, stageIndex } = TABLE_DESIGN;
const MAX_CURSOR_LENGTH = 2048;

function cursorAttributes(index: IndexDesign): readonly string[] {
  return [partitionKey, sortKey, index.partitionKey, index.sortKey];
}

export function encodeCursor(key: Item, index: IndexDesign = stageIndex): string {
  const picked = Object.fromEntries(cursorAttributes(index).map((name) => [name, key[name]]));
  return Buffer.from(JSON.stringify(picked)).toString('base64url');
}

export function decodeCursor(
  cursor: string,
  expectedIndexPk: string,
  index: IndexDesign = stageIndex,
): Record<string, string> {
  const key = parse(cursor, cursorAttributes(index));
  const pk = key[partitionKey];
  const gsiSk = key[index.sortKey];
  const wellFormed =
    key[index.partitionKey] === expectedIndexPk &&
    key[sortKey] === 'PROFILE' &&
    pk?.startsWith('ONBOARDING#') === true &&
    gsiSk?.endsWith(`#${pk.slice('ONBOARDING#'.length)}`) === true;
  if (!wellFormed) throw invalid('it does not belong to this listing');
  return key;
}

function parse(cursor: string, attributes: readonly string[]): Record<string, string> {
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
    entries.length === attributes.length &&
    entries.every(([name, value]) => attributes.includes(name) && typeof value === 'string');
  if (!exact) throw invalid('it is not a cursor this service issued');
  return decoded as Record<string, string>;
}

function invalid(why: string): InvalidInputError {
  const message = `The page cursor is not valid: ${why}. Start again from the first page.`;
  return new InvalidInputError(message, { cursor: message });
}
