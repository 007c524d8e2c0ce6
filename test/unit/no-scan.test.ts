import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FUNCTIONS = join(REPO_ROOT, 'functions');

/**
 * DESIGN §3: no Scan in any request path, and no TransactWriteItems (dynalite, the local stand-in,
 * has none). Every file under functions/ is Lambda or ops code, so none may name either API.
 */
const FORBIDDEN =
  /\b(ScanCommand|ScanCommandInput|paginateScan|TransactWriteItemsCommand|TransactWriteCommand|TransactWriteItems|executeTransaction)\b/g;

/** The forbidden names a TypeScript source uses in code (comments are allowed to explain the rule). */
function forbiddenCalls(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return [...code.matchAll(FORBIDDEN)].map((match) => match[1] as string);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('DynamoDB access in functions/', () => {
  it('never scans the table nor writes in transactions', () => {
    const offenders = sourceFiles(FUNCTIONS).flatMap((file) =>
      forbiddenCalls(readFileSync(file, 'utf8')).map((name) => `${relative(REPO_ROOT, file)}: ${name}`),
    );
    expect(offenders).toEqual([]);
  });

  it('looks at every source file', () => {
    expect(sourceFiles(FUNCTIONS).map((file) => relative(FUNCTIONS, file))).toEqual(
      expect.arrayContaining(['adapters/dynamodb-store.ts', 'handlers/action-api.ts']),
    );
  });

  it('spots a Scan or a transaction in code, and lets comments and ScanIndexForward be', () => {
    expect(forbiddenCalls("import { ScanCommand } from '@aws-sdk/lib-dynamodb';")).toEqual(['ScanCommand']);
    expect(forbiddenCalls('await client.send(new TransactWriteItemsCommand(input));')).toEqual([
      'TransactWriteItemsCommand',
    ]);
    expect(forbiddenCalls('const r = paginateScan(config, input);')).toEqual(['paginateScan']);
    expect(forbiddenCalls('// no Scan, no TransactWriteItems here\n/* ScanCommand */ const a = 1;')).toEqual(
      [],
    );
    expect(forbiddenCalls('new QueryCommand({ ScanIndexForward: false })')).toEqual([]);
  });
});
