import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderActionPage } from '../../functions/pages/action-page.ts';
import { resources, viewFor } from '../unit/pages/fixtures.ts';
import { CheckedPage, launchChromium } from './browser.ts';

/** A long agreement, as a real one is: forty clauses of a few lines each. */
const LONG_TEXT = Array.from(
  { length: 40 },
  (_, index) =>
    `${index + 1}. Clause ${index + 1}. The provider and the marketplace agree to the terms of this clause, which runs over a few lines on a phone so that the whole agreement is several screens long.`,
).join('\n\n');

const html = renderActionPage(
  viewFor('agreement-acceptance', { resources: { ...resources, agreementText: LONG_TEXT } }),
);
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function openAt(width: number) {
  const dir = mkdtempSync(join(tmpdir(), 'agreement-layout-'));
  dirs.push(dir);
  const phone = width < 600;
  const context = await launchChromium(dir, {
    viewport: { width, height: phone ? 844 : 900 },
    isMobile: phone,
    hasTouch: phone,
  });
  const page = await context.newPage();
  await page.setContent(html, { waitUntil: 'load' });
  return { context, checked: new CheckedPage(page) };
}

/** How far the agreement's own box scrolls inside the page (0: none, the page carries the text). */
function innerScroll(page: CheckedPage['page']): Promise<number> {
  return page.locator('.agreement-text').evaluate((box) => box.scrollHeight - box.clientHeight);
}

describe('the agreement on the acceptance page, in chromium', () => {
  it('on a phone (390 px) reads in the page flow: no inner scroll box, every clause on the page, no sideways scroll', async () => {
    const { context, checked } = await openAt(390);
    try {
      expect(await innerScroll(checked.page)).toBeLessThanOrEqual(0);
      expect(
        await checked.page.evaluate('getComputedStyle(document.querySelector(".agreement-text")).overflowY'),
      ).toBe('visible');
      const lastClause = checked.page.getByText('40. Clause 40.');
      await lastClause.scrollIntoViewIfNeeded();
      await expect.poll(() => lastClause.isVisible()).toBe(true);
      await checked.expectNoHorizontalScroll();
      await checked.check('agreement-390');
    } finally {
      await context.close();
    }
  });

  it('on a wide screen (1280 px) keeps it in a tall box that scrolls and takes the keyboard', async () => {
    const { context, checked } = await openAt(1280);
    try {
      expect(await innerScroll(checked.page)).toBeGreaterThan(0);
      expect(await checked.page.locator('.agreement-text').getAttribute('tabindex')).toBe('0');
      await checked.expectNoHorizontalScroll();
      await checked.check('agreement-1280');
    } finally {
      await context.close();
    }
  });
});
