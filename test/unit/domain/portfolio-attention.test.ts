import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Credential } from '../../../functions/domain/authority/policy.ts';
import { postMessage } from '../../../functions/domain/conversation/post-message.ts';
import { flagDeliveryProblem } from '../../../functions/domain/flag-delivery-problem.ts';
import type { DeliveryProblem, Onboarding, Wait } from '../../../functions/domain/model.ts';
import { recordDecision } from '../../../functions/domain/record-decision.ts';
import { type PortfolioRow, repPortfolio } from '../../../functions/domain/rep-portfolio.ts';
import { staffQueue } from '../../../functions/domain/staff-queue.ts';
import { portfolioSection } from '../../../functions/pages/portfolio-section.ts';
import { renderQueuePage } from '../../../functions/pages/queue-page.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

let h: UnitHarness;
let onboarding: Onboarding;
let staffStep: Wait;
let submissions = 0;

beforeEach(async () => {
  h = await unitHarness();
  onboarding = await seedOnboarding(h.deps.store);
  staffStep = await seedWait(h.deps.store, onboarding, 'portal-access');
});
afterEach(() => h.table.stop());

/** The onboarding's row in its rep's portfolio, as the queue page reads it (one Query, no read per row). */
async function row(): Promise<PortfolioRow> {
  const { rows } = await repPortfolio(h.deps, onboarding.repEmail);
  const found = rows.find((candidate) => candidate.onboarding.id === onboarding.id);
  if (!found) throw new Error('the onboarding is not in its rep portfolio');
  return found;
}

const rowHtml = async () => String(portfolioSection({ page: { rows: [await row()] } }));

async function record() {
  const found = await h.deps.store.readOnboarding(onboarding.id);
  if (!found) throw new Error('no onboarding');
  return found;
}

async function post(credential: Credential, holder: string, message: string) {
  const current = await record();
  const wait = current.waits.find((candidate) => candidate.waitKey === staffStep.waitKey);
  if (!wait) throw new Error('no wait');
  return postMessage(h.deps, {
    credential,
    holder,
    record: current,
    wait,
    fields: { message, submission: `submission-${String(++submissions).padStart(8, '0')}` },
    linkRole: credential === 'step-link' ? wait.role : undefined,
  });
}

/** The step decided from its link, as the action-link flow does (with the onboarding it read). */
async function decide() {
  const current = await record();
  const wait = current.waits.find((candidate) => candidate.waitKey === staffStep.waitKey);
  if (!wait) throw new Error('no wait');
  await recordDecision(h.deps, {
    wait,
    onboarding: current.onboarding,
    waits: current.waits,
    fields: { decision: 'approve' },
    actor: { id: onboarding.repEmail, role: 'rep', via: 'link' },
  });
}

async function queueHtml(): Promise<string> {
  return String(
    renderQueuePage({
      recipient: onboarding.repEmail,
      items: await staffQueue(h.deps, onboarding.repEmail),
      resources: h.deps.config.resources,
      openUrl: 'https://onboarding.test.example/r/x/open',
      opensSteps: true,
      now: h.now.value.toISOString(),
      who: 'Your queue',
      opsEmail: h.deps.config.teams.ops,
    }),
  );
}

const bounce: DeliveryProblem = {
  kind: 'bounce',
  address: 'rep@marketplace.example',
  at: '2026-11-24T10:00:00.000Z',
  messageId: 'ses-message-0001',
  detail: 'Mailbox does not exist',
};

describe("attention in a rep's portfolio", () => {
  it('shows an open question after the rep asks, and none after the provider answers', async () => {
    expect(await row()).toMatchObject({ openQuestions: 0, deliveryProblems: 0 });

    await post('step-link', onboarding.repEmail, 'Is the alias your production account?');
    expect((await row()).openQuestions).toBe(1);
    expect(await rowHtml()).toContain('1 question waits on an answer');
    expect(await queueHtml()).toContain('A question waits on the provider&#39;s answer');

    await post('checklist', onboarding.contactEmail, 'Yes, it is.');
    expect((await row()).openQuestions).toBe(0);
    expect(await rowHtml()).not.toContain('Open questions');
    expect(await queueHtml()).not.toContain('A question waits');
  });

  it("says a question from the provider waits on the staff member's answer in their queue", async () => {
    await post('checklist', onboarding.contactEmail, 'Which alias do you mean?');

    expect((await row()).openQuestions).toBe(1);
    expect(await queueHtml()).toContain('A question waits on your answer');
  });

  it('a decision takes an open question out', async () => {
    await post('step-link', onboarding.repEmail, 'Is the alias your production account?');
    await decide();

    expect((await row()).openQuestions).toBe(0);
  });

  it('shows a delivery problem after a bounce, and none after the step is decided', async () => {
    expect(await flagDeliveryProblem(h.deps, onboarding, staffStep, bounce)).toBe(true);
    expect((await row()).deliveryProblems).toBe(1);
    expect(await rowHtml()).toContain('1 email not delivered');

    // The same bounce delivered twice counts once (a string set, not a counter).
    expect(await flagDeliveryProblem(h.deps, onboarding, staffStep, bounce)).toBe(false);
    expect((await row()).deliveryProblems).toBe(1);

    await decide();
    expect((await row()).deliveryProblems).toBe(0);
    expect(await rowHtml()).not.toContain('not delivered');
  });

  it('a delivery problem cleared by a later email that went out leaves the row', async () => {
    const notSent: DeliveryProblem = { ...bounce, kind: 'not-sent', messageId: 'not-sent:link:0:0' };
    await flagDeliveryProblem(h.deps, onboarding, staffStep, notSent);
    expect((await row()).deliveryProblems).toBe(1);

    await h.deps.store.clearDeliveryProblem(onboarding.id, staffStep.waitKey, notSent.messageId);
    expect((await row()).deliveryProblems).toBe(0);
  });
});
