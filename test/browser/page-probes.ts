import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { FORMS, fieldsFor } from '../../functions/checklist/decision-forms.ts';
import { schemaOf } from '../../functions/checklist/parse-decision.ts';
import type { FormKind } from '../../functions/checklist/stages.ts';
import { LIBRARY_WORDING, sampleFor } from '../support/form-samples.ts';

/** Screenshots that document the pages (docs/pages.md), at a phone's width and a laptop's. */
/**
 * Where the width screenshots go: the git-ignored test folder, so a test run never changes tracked
 * files; `UPDATE_SCREENSHOTS=1 npx vitest run test/browser/clarity.test.ts test/browser/ops-console.test.ts` refreshes docs/screenshots.
 */
export const DOCS_SCREENSHOTS = fileURLToPath(
  new URL(
    process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots/' : './screenshots/widths/',
    import.meta.url,
  ),
);
export const WIDTHS = [390, 1280] as const;

/**
 * Collects console errors and uncaught exceptions of a page: a page that logs one is not working as
 * written. The one exception is Chromium's note of the document's own 4xx status (a form answered 400
 * with its problems, a 410 expired link): that is the page saying so on purpose, and is asserted where
 * it happens. A failed subresource (a missing favicon) is a different URL and still counts.
 */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const ownStatus =
      /^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text()) &&
      message.location().url === page.url();
    if (!ownStatus) errors.push(`${message.text()} at ${message.location().url} on ${page.url()}`);
  });
  page.on('pageerror', (error) => errors.push(`${error.message} on ${page.url()}`));
  return errors;
}

/**
 * The page at both widths: it never scrolls sideways (`scrollWidth ≤ innerWidth`). With `docs`, a
 * full-page screenshot at each width goes to docs/screenshots/<docs>-<width>.png.
 */
export async function expectFitsBothWidths(page: Page, docs?: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const { scrollWidth, innerWidth } = (await page.evaluate(
      '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
    )) as { scrollWidth: number; innerWidth: number };
    expect(scrollWidth, `${page.url()} at ${width} px`).toBeLessThanOrEqual(innerWidth);
    if (docs) {
      mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: `${DOCS_SCREENSHOTS}${docs}-${width}.png`, fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The text of every problem the page shows: the summary box and the messages by the fields. */
export async function shownErrors(page: Page): Promise<string[]> {
  return page.locator('.error-summary li, .error-summary p, .error-message').allTextContents();
}

/** Fills one field of the action form on the page with its sample answer (or `value`). */
async function fill(page: Page, name: string, value?: string): Promise<void> {
  const controls = page.locator(`form [name="${name}"]`);
  const first = controls.first();
  const tag = await first.evaluate((element) => element.tagName.toLowerCase());
  const type = (await first.getAttribute('type')) ?? '';
  const sample = value ?? sampleFor(name);
  if (type === 'hidden') return; // the page's own value
  if (tag === 'select') await first.selectOption(sample);
  else if (type === 'radio') await page.locator(`form [name="${name}"][value="${sample}"]`).check();
  else if (type === 'checkbox') {
    for (const box of await controls.all()) await box.check();
  } else await first.fill(sample);
}

/** Takes a field out of the form entirely, as if the person's browser never sent it. */
async function remove(page: Page, name: string): Promise<void> {
  await page.evaluate(
    `document.querySelectorAll('form [name="${name}"]').forEach((element) => element.remove())`,
  );
}

/** The step's own form (the conversation's "Send message" form below it is not the answer). */
async function submit(page: Page): Promise<void> {
  await Promise.all([
    page.waitForEvent('load'),
    page.locator('form:not(.message-form) button[type=submit]').last().click(),
  ]);
}

/**
 * Submits the form of `kind` on the page at `url` once per required field of each choice with that
 * field left out, and once with no choice made; every submission must come back with errors (nothing
 * is recorded) and none may use a schema library's words. The forms and their choices come from the
 * forms' own definitions, so a new field is probed without changing this test.
 */
export async function probeForm(page: Page, url: string, kind: FormKind): Promise<string[]> {
  const seen: string[] = [];
  const form = FORMS[kind];
  const choices = form.choices?.map((choice) => choice.value) ?? [undefined];
  const attempt = async (choice: string | undefined, leaveOut: string | undefined) => {
    await page.goto(url);
    const fields = Object.keys(fieldsFor(kind, choice));
    for (const name of fields) if (name !== leaveOut) await fill(page, name);
    if (choice) await fill(page, 'decision', choice);
    if (leaveOut) await remove(page, leaveOut);
    await submit(page);
    const errors = await shownErrors(page);
    expect(errors.length, `${kind} / ${choice ?? '-'} without ${leaveOut ?? 'a choice'}`).toBeGreaterThan(0);
    for (const error of errors) expect(error, `${kind} / ${choice ?? '-'}`).not.toMatch(LIBRARY_WORDING);
    seen.push(...errors);
  };
  for (const choice of choices) {
    for (const [name, definition] of Object.entries(fieldsFor(kind, choice))) {
      if (schemaOf(definition).safeParse(undefined).success) continue; // optional: leaving it out would record
      await attempt(choice, name);
    }
  }
  if (form.choices) await attempt(undefined, undefined);
  return seen;
}

/**
 * Answers the form for real: every field of every choice typed in first (as someone who changes
 * their mind leaves them), then the choice; the fields of other choices must be ignored, not refused.
 */
export async function answer(
  page: Page,
  kind: FormKind,
  choice: string | undefined,
  values: Record<string, string> = {},
): Promise<void> {
  const all = [
    ...new Set(
      (FORMS[kind].choices ?? [{ fields: FORMS[kind].fields }]).flatMap((option) =>
        Object.keys({ ...FORMS[kind].fields, ...option.fields }),
      ),
    ),
  ];
  const chosen = new Set(Object.keys(fieldsFor(kind, choice)));
  for (const name of all) if (!chosen.has(name)) await fill(page, name, values[name]);
  if (choice) await fill(page, 'decision', choice);
  for (const name of chosen) await fill(page, name, values[name]);
  await submit(page);
  expect(await page.getByRole('heading', { level: 1 }).textContent(), `${kind} / ${choice}`).toBe(
    'Thank you — your answer is recorded',
  );
}
