import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedDiagramBlock } from '../../statemachine/readme-diagram.ts';

describe('the README workflow diagram', () => {
  it('matches the ASL (run `npm run diagram` after changing the workflow)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(expectedDiagramBlock());
  });
});
