import { describe, expect, it } from 'vitest';
import { STAGES } from '../../../functions/checklist/stages.ts';
import type { ExpectedTimes } from '../../../functions/domain/expected-times.ts';
import { onboardingEstimate } from '../../../functions/domain/onboarding-estimate.ts';
import type {
  ChecklistStep,
  ProductProgress,
  ProviderChecklist,
} from '../../../functions/domain/provider-checklist.ts';
import { renderChecklistPage } from '../../../functions/pages/checklist-page.ts';
import { sampleOnboarding } from '../../support/seed.ts';
import { resources } from './fixtures.ts';
import { documentProblems, visibleText } from './markup.ts';

const NOW = '2026-03-02T09:00:00.000Z';
const DAY = 86_400;
/** Every stage's usual time is its checklist default here. */
const expected = Object.fromEntries(
  STAGES.map((stage) => [stage.key, { seconds: stage.usualDays * DAY, basis: 'default' }]),
) as ExpectedTimes;

const SHARED = STAGES.filter((stage) => !stage.perProduct);
function sharedSteps(done: number): ChecklistStep[] {
  return SHARED.map((stage, index) => ({
    stage: stage.key,
    responsible: stage.actor,
    status: index < done ? 'done' : index === done ? 'waiting-on-you' : 'not-started',
    ...(index < done ? { doneAt: '2026-02-20T10:00:00.000Z', doneBy: 'ada@acme.example' } : {}),
  }));
}

function product(name: string, status: ProductProgress['status'], doneNumbers: number[]): ProductProgress {
  return { name, status, steps: [], doneNumbers, progress: { done: 6 + doneNumbers.length, total: 9 } };
}

function checklistOf(done: number, products: ProductProgress[] = [], progressDone = done): ProviderChecklist {
  const steps = sharedSteps(done);
  return {
    onboarding: sampleOnboarding({ repEmail: 'rep@marketplace.example' }),
    steps,
    products,
    progress: { done: progressDone, total: 9 },
    yourSteps: steps.filter((step) => step.status === 'waiting-on-you'),
    theirSteps: [],
  };
}

const page = (checklist: ProviderChecklist) =>
  renderChecklistPage({ checklist, resources, openUrl: '/p/x/open', opensSteps: true, expected, now: NOW });

describe('the provider checklist: where am I', () => {
  it('shows all nine steps from the start, steps 7 to 9 for once the products are ready', () => {
    const text = visibleText(page(checklistOf(0)));

    for (let step = 1; step <= 9; step += 1) expect(text).toContain(`Step ${step} of 9`);
    expect(text).toContain('Technical and billing integration');
    expect(text).toContain('Marketplace approval');
    expect(text.match(/Once your products are ready/g)).toHaveLength(3);
  });

  it('estimates the whole onboarding from the stages’ usual times, and what is left', () => {
    const checklist = checklistOf(3);
    const estimate = onboardingEstimate(expected, checklist);
    const usual = (key: string) => (STAGES.find((stage) => stage.key === key)?.usualDays ?? 0) * DAY;
    const integration = Math.max(usual('technical-integration'), usual('billing-integration'));
    const shared = SHARED.reduce((sum, stage) => sum + stage.usualDays * DAY, 0);

    expect(estimate.wholeSeconds).toBe(
      shared + integration + usual('marketplace-approval') + usual('published'),
    );
    expect(estimate.leftSeconds).toBe(
      estimate.wholeSeconds - SHARED.slice(0, 3).reduce((s, st) => s + st.usualDays * DAY, 0),
    );
    const text = visibleText(page(checklist));
    expect(text).toMatch(
      /The whole onboarding usually takes about \d+ days here; what is left usually takes about \d+ days\./,
    );
  });

  it('folds each finished step to one line that opens without script', () => {
    const markup = page(checklistOf(3));

    expect(markup.match(/<details>/g)).toHaveLength(3);
    expect(markup).toMatch(
      /<summary><h3 id="step-cloud-account"><span class="step-number">Step 1 of 9<\/span> Cloud account<\/h3> <span class="tag tag-done">Done<\/span>/,
    );
    expect(markup).not.toContain('<script');
    expect(documentProblems(markup)).toEqual([]);
  });

  it('names the rep with their address, and shows one contact address', () => {
    const markup = page(checklistOf(2));
    const text = visibleText(markup);

    expect(text).toContain('Your marketplace representative: rep@marketplace.example.');
    expect(markup).toContain('href="mailto:rep@marketplace.example"');
    expect(text).toContain(`Write to us at ${resources.contactEmail}`);
  });

  it('keeps a live product at the top, and says so, after another product is added', () => {
    const checklist = checklistOf(
      6,
      [product('Widget', 'published', [7, 8, 9]), product('Gadget', 'requested', [])],
      6,
    );
    checklist.onboarding.products = [
      { name: 'Widget', status: 'published', updatedAt: NOW },
      { name: 'Gadget', status: 'requested', updatedAt: NOW },
    ] as typeof checklist.onboarding.products;
    const text = visibleText(page(checklist));

    expect(text).toContain('Widget is live: all 9 steps done. Gadget: 6 of 9 steps done.');
    expect(text).toContain(`Live in the ${resources.marketplaceName}`);
    expect(text.indexOf('Widget: see its listing')).toBeLessThan(text.indexOf('Step 1 of 9'));
  });

  it('never reads as all done while another product is still in integration or review', () => {
    for (const status of ['in-integration', 'in-review'] as const) {
      const checklist = checklistOf(
        7,
        [product('Widget', 'published', [7, 8, 9]), product('Gadget', status, [7])],
        7,
      );
      checklist.onboarding.products = [
        { name: 'Widget', status: 'published', updatedAt: NOW },
        { name: 'Gadget', status, updatedAt: NOW },
      ] as typeof checklist.onboarding.products;
      const text = visibleText(page(checklist));
      expect(text, status).toContain('Widget is live: all 9 steps done. Gadget: 7 of 9 steps done.');
    }
  });
});
