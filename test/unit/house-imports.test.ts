import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The house's import rules, read from the source itself: product code (`functions/`, `infra/`) and the
 * ops console (`ops-console/`, served by the local runtime and by `npm run console` against a stack)
 * never import the embedded runtime (`local/`), and no files import each other in a circle.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ROOMS = ['functions', 'infra', 'local', 'ops-console', 'statemachine'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.ts') && !name.endsWith('.d.mts') ? [path] : [];
  });
}

/** Relative imports of a file (static, re-exports and dynamic), as repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s+['"](\.{1,2}\/[^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g),
  ].map((match) => match[1] as string);
  return specifiers.map((specifier) => relative(ROOT, resolve(dirname(file), specifier)));
}

const files = ROOMS.flatMap((room) => {
  try {
    return sourceFiles(join(ROOT, room));
  } catch {
    return [];
  }
});
const graph = new Map(files.map((file) => [relative(ROOT, file), importsOf(file)]));

describe('the imports of the house', () => {
  it('reads every source file of the product and the runtime', () => {
    expect(graph.size).toBeGreaterThan(200);
    expect([...graph.values()].flat().length).toBeGreaterThan(500);
  });

  it('product code and the ops console never import local/', () => {
    const offending = [...graph].flatMap(([file, imports]) =>
      /^(functions|infra|ops-console)\//.test(file)
        ? imports.filter((target) => target.startsWith('local/')).map((target) => `${file} -> ${target}`)
        : [],
    );
    expect(offending).toEqual([]);
  });

  it('has no import circles', () => {
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const path: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      path.push(file);
      for (const target of graph.get(file) ?? []) {
        if (!graph.has(target)) continue;
        if (state.get(target) === 'open')
          circles.push([...path.slice(path.indexOf(target)), target].join(' -> '));
        else if (!state.has(target)) visit(target);
      }
      path.pop();
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file);
    expect(circles).toEqual([]);
  });
});
