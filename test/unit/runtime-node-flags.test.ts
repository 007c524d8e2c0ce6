import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCAL_RUNTIME_NODE_FLAGS } from '../../local/node-flags.ts';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
};

describe('the local runtime runs with the same V8 flags everywhere', () => {
  it('npm start passes every flag the bench and the tests run the runtime with', () => {
    expect(packageJson.scripts.start).toBe(
      `node ${LOCAL_RUNTIME_NODE_FLAGS.join(' ')} --import tsx local/start.ts`,
    );
  });

  it('the flags bound the old space, so a burst of work cannot grow the runtime without limit', () => {
    const limit = LOCAL_RUNTIME_NODE_FLAGS.find((flag) => flag.startsWith('--max-old-space-size='));
    expect(Number(limit?.split('=')[1])).toBeGreaterThanOrEqual(192);
  });
});
