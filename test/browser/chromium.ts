import { accessSync, constants } from 'node:fs';

/**
 * Where the browser tests find chromium, and what to tell someone who has none. Kept free of
 * playwright and vitest so that `npm test` can check it first, in well under a second, instead of
 * failing minutes later in the browser suite.
 *
 * Debian's chromium, never a downloaded browser. A browser packaged for npm was measured here:
 * `@sparticuz/chromium` adds 74 MB to every `npm ci` and launches in 1.8 s, but outside AWS Lambda
 * its binary loads libnss3 and libnspr4 from the system, which Debian installs with chromium and a
 * machine without chromium usually lacks; and the pages would be tested in a second chromium build.
 */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export type ChromiumLookup = { path: string } | { missing: string };

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `CHROMIUM_PATH` when set (and then only it), else Debian's chromium. */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  executable: (path: string) => boolean = isExecutable,
  isRoot: boolean = process.getuid?.() === 0,
): ChromiumLookup {
  const path = env.CHROMIUM_PATH || DEBIAN_CHROMIUM;
  if (executable(path)) return { path };
  const which = env.CHROMIUM_PATH ? `CHROMIUM_PATH (${path})` : path;
  return { missing: missingChromiumMessage(which, isRoot) };
}

/** The one command that installs it (the update first: a fresh machine's package lists are empty). */
export function installCommand(isRoot: boolean): string {
  const sudo = isRoot ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y chromium`;
}

export function missingChromiumMessage(which: string, isRoot: boolean): string {
  return [
    `The browser tests need chromium, and ${which} is not an executable file. Install Debian's with:`,
    '',
    `  ${installCommand(isRoot)}`,
    '',
    `then run npm test again (or set CHROMIUM_PATH to a chromium binary).`,
  ].join('\n');
}

/** The chromium to launch; throws the install instructions when there is none. */
export function requireChromium(): string {
  const found = findChromium();
  if ('missing' in found) throw new Error(found.missing);
  return found.path;
}
