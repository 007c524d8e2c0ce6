/**
 * First step of `npm test`: stop at once, with the command that installs chromium, rather than
 * after minutes of other suites with a launch error from the browser tests.
 */
import { findChromium } from './chromium.ts';

const found = findChromium();
if ('missing' in found) {
  console.error(`\nnpm test: ${found.missing}\n`);
  process.exit(1);
}
