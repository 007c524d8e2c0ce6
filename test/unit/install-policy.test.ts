import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * `.npmrc` sets `loglevel=error` so that a newcomer's `npm ci` on the machine's Node 20 prints no
 * EBADENGINE warnings about a Node the project never runs on. These tests stand in for the
 * warnings that setting also hides, and guard the pin it must not weaken.
 */
const read = (file: string) => JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'));
const manifest = read('package.json') as {
  devDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
  engines: { node: string };
};
const lock = read('package-lock.json') as {
  packages: Record<string, { version: string; hasInstallScript?: boolean }>;
};
const npmrc = readFileSync(new URL('../../.npmrc', import.meta.url), 'utf8');

describe('install policy', () => {
  it('every dependency with an install script is reviewed in allowScripts (npm no longer warns of one)', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, ''));
    expect(withScripts).toContain('node');
    expect(withScripts.filter((name) => !(name in manifest.allowScripts))).toEqual([]);
  });

  it('keeps npm scripts on the pinned Node 24, the one the engines field names', () => {
    expect(manifest.devDependencies.node).toMatch(/^\^24\./);
    expect(lock.packages['node_modules/node']?.version).toMatch(/^24\./);
    expect(manifest.engines.node).toBe('>=24 <25');
    expect(process.versions.node).toMatch(/^24\./);
  });

  it('sets only loglevel=error in .npmrc (engine-strict, say, would stop npm ci on Node 20)', () => {
    const settings = npmrc.split('\n').filter((line) => line.trim() && !line.startsWith('#'));
    expect(settings).toEqual(['loglevel=error']);
  });
});
