import { execFileSync } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../../bench/lambda/bundle.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A minified bundle built the way the stack builds its functions (no `--enable-source-maps`: it reads
 * the map at every cold start) still writes stacks in the source's files and lines, reading its map
 * only when the first stack is written.
 */
describe('stack traces of a minified function', () => {
  let dir: string;
  let bundle: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onboarding-stacks-'));
    bundle = join(dir, 'index.mjs');
    await build(
      lambdaBuildOptions(REPO_ROOT, join(REPO_ROOT, 'test', 'support', 'stack-fixture.ts'), bundle),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Loads the bundle in a fresh Node, optionally moves its map away, then prints a thrown error's stack. */
  const stackOf = (options: { mapGoneAfterLoad?: boolean; nodeFlags?: string[] } = {}) => {
    const script = [
      `const { submitTheForm } = await import(${JSON.stringify(pathToFileURL(bundle).href)});`,
      options.mapGoneAfterLoad
        ? `(await import('node:fs')).renameSync(${JSON.stringify(`${bundle}.map`)}, ${JSON.stringify(`${bundle}.map.away`)});`
        : '',
      'try { submitTheForm("acme"); } catch (error) { console.log(error.stack); }',
    ].join('\n');
    try {
      return execFileSync(
        process.execPath,
        [...(options.nodeFlags ?? []), '--input-type=module', '-e', script],
        {
          encoding: 'utf8',
        },
      );
    } finally {
      if (options.mapGoneAfterLoad) renameSync(`${bundle}.map.away`, `${bundle}.map`);
    }
  };

  it('names the source file, line and function of each frame in the bundle', () => {
    const lines = stackOf().split('\n');
    expect(lines[0]).toBe('Error: The alias ACME is taken');
    expect(lines[1]).toMatch(/^ {4}at refuseTheAlias \(test\/support\/stack-fixture\.ts:7:\d+\)$/);
    // Called from outside the bundle, a minified function keeps its short name (as with Node's maps).
    expect(lines[2]).toMatch(/^ {4}at \S+ \(test\/support\/stack-fixture\.ts:11:\d+\)$/);
    // A frame outside the bundle keeps Node's own wording.
    expect(lines[3]).toMatch(/^ {4}at file:.*\[eval1\]:\d+:\d+$/);
    expect(lines.slice(1).some((line) => line.includes('index.mjs'))).toBe(false);
  });

  it('reads the map with the first stack, not when the bundle loads', () => {
    // Had the map been read at load, moving it away afterwards would change nothing.
    const stack = stackOf({ mapGoneAfterLoad: true });
    expect(stack).toContain('Error: The alias ACME is taken');
    expect(stack).toMatch(/at \w+ \(file:.*\/index\.mjs:\d+:\d+\)/);
    expect(stack).not.toContain('stack-fixture.ts');
  });

  it('leaves stacks to Node where Node maps them already (--enable-source-maps)', () => {
    const stack = stackOf({ nodeFlags: ['--enable-source-maps'] });
    expect(stack).toMatch(/stack-fixture\.ts:7:\d+/);
  });
});
