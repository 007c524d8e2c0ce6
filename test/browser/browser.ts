import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { requireChromium } from './chromium.ts';

/**
 * Debian's chromium (`./chromium.ts` finds it), driven by playwright-core: never a downloaded
 * browser. `.ci/run` installs it with apt; the flags keep it quiet and off the network. Each
 * browser has its own fresh profile folder (`--user-data-dir`, which Playwright passes itself).
 */
export function launchChromium(
  userDataDir: string,
  options: { viewport: { width: number; height: number }; isMobile?: boolean; hasTouch?: boolean },
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    // Without chromium this throws the command that installs it, not playwright's launch error.
    executablePath: requireChromium(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    ...options,
  });
}

/** Screenshots of every page the tests visit (git-ignored); a few small ones are copied to docs/screenshots. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Watches a page for Content-Security-Policy violations (a blocked inline script or style means the
 * page is not working as written) and runs axe-core on it after every navigation the test checks.
 */
export class CheckedPage {
  readonly cspViolations: string[] = [];
  readonly results: { name: string; serious: AxeViolation[]; minor: AxeViolation[] }[] = [];

  constructor(readonly page: Page) {
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text()))
        this.cspViolations.push(
          `${message.text()} at ${JSON.stringify(message.location())} on ${page.url()}`,
        );
    });
  }

  /** axe on the page as it is now: no serious or critical violation; a full-page screenshot. */
  async check(name: string): Promise<AxeViolation[]> {
    await this.page.waitForLoadState('load');
    await this.page.evaluate(axe.source);
    const violations = (await this.page.evaluate(
      'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))',
    )) as AxeViolation[];
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    this.results.push({ name, serious, minor: violations.filter((v) => !serious.includes(v)) });
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await this.page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
    expect(serious, `${name}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
    expect(this.cspViolations, `${name}: CSP violations`).toEqual([]);
    return violations;
  }

  /** The page must not scroll sideways (phone widths). */
  async expectNoHorizontalScroll(): Promise<void> {
    const overflow = (await this.page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    )) as number;
    expect(overflow).toBeLessThanOrEqual(0);
  }
}
