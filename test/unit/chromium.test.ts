import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEBIAN_CHROMIUM, findChromium, installCommand } from '../browser/chromium.ts';

/** A file system where only the given paths are executable. */
const only =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

describe('finding chromium for the browser tests', () => {
  it("uses Debian's chromium when CHROMIUM_PATH is not set", () => {
    expect(findChromium({}, only(DEBIAN_CHROMIUM), false)).toEqual({ path: DEBIAN_CHROMIUM });
  });

  it('uses CHROMIUM_PATH when it names a browser, and only it', () => {
    expect(findChromium({ CHROMIUM_PATH: '/opt/chromium' }, only('/opt/chromium'), false)).toEqual({
      path: '/opt/chromium',
    });
    const wrong = findChromium({ CHROMIUM_PATH: '/opt/none' }, only(DEBIAN_CHROMIUM), false);
    expect(wrong).toEqual({
      missing: expect.stringContaining('CHROMIUM_PATH (/opt/none) is not an executable'),
    });
  });

  it('without one, says which file is missing and the single command that installs it', () => {
    const found = findChromium({}, only(), false);
    expect(found).toEqual({
      missing: expect.stringContaining(`${DEBIAN_CHROMIUM} is not an executable file`),
    });
    expect('missing' in found && found.missing).toContain(
      '\n  sudo apt-get update && sudo apt-get install -y chromium\n',
    );
  });

  it('leaves sudo out for root, who has no need of it (and may not have it)', () => {
    expect(installCommand(true)).toBe('apt-get update && apt-get install -y chromium');
    expect(installCommand(false)).toBe('sudo apt-get update && sudo apt-get install -y chromium');
  });

  it('finds a real executable on this machine, and no file where there is none', () => {
    expect(findChromium({ CHROMIUM_PATH: process.execPath })).toEqual({ path: process.execPath });
    expect(findChromium({ CHROMIUM_PATH: `${process.execPath}.missing` })).toHaveProperty('missing');
  });

  it('stops npm test at once, with the install command, when there is none', () => {
    const preflight = fileURLToPath(new URL('../browser/require-chromium.ts', import.meta.url));
    const run = (CHROMIUM_PATH: string) =>
      spawnSync(process.execPath, [preflight], { env: { ...process.env, CHROMIUM_PATH }, encoding: 'utf8' });
    const missing = run('/nonexistent/chromium');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('apt-get install -y chromium');
    expect(run(process.execPath).status).toBe(0);
  });
});
