import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stageDefinition } from '../../../functions/checklist/stages.ts';
import { mintLinkId, sha256Hex } from '../../../functions/domain/action-links.ts';
import { expectedTimes } from '../../../functions/domain/expected-times.ts';
import type { Onboarding, Wait } from '../../../functions/domain/model.ts';
import { providerChecklist } from '../../../functions/domain/provider-checklist.ts';
import { recipientFor } from '../../../functions/domain/recipients.ts';
import { remindOrEscalate } from '../../../functions/domain/remind-or-escalate.ts';
import { staffQueue } from '../../../functions/domain/staff-queue.ts';
import { WAITED_STAGES } from '../../../functions/domain/stage-due-times.ts';
import { actionApiHandler } from '../../../functions/http/action-api-handler.ts';
import { renderChecklistPage } from '../../../functions/pages/checklist-page.ts';
import { renderQueuePage } from '../../../functions/pages/queue-page.ts';
import { timelineTable } from '../../../ops-console/ops-detail-tables.ts';
import { apiEvent, lambdaContext } from '../../support/api-events.ts';
import { seedOnboarding } from '../../support/seed.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

// The harness's clock reads Tuesday 24 November 2026, 10:00 UTC. Every step entered ten days ago was
// due on Friday 20 November: four days overdue, whatever reminders went out since.
const ENTERED = '2026-11-14T09:30:00.000Z';
const DUE = '2026-11-20T09:30:00.000Z';
const DUE_WORDS = /20 Nov(ember)?/;
const OVERDUE = 'overdue by 4 days';

let h: UnitHarness;
let onboarding: Onboarding;
beforeEach(async () => {
  h = await unitHarness({ MAX_REMINDERS: '5' });
  onboarding = await seedOnboarding(h.deps.store, {
    alias: 'ACME',
    products: [{ name: 'Acme Backup', status: 'in-integration', updatedAt: ENTERED }],
  });
});
afterEach(async () => {
  vi.useRealTimers();
  await h.table.stop();
});

async function openOverdueWait(stage: (typeof WAITED_STAGES)[number]): Promise<Wait> {
  const product = stage.perProduct ? 'Acme Backup' : undefined;
  const role = stage.actor === 'system' ? 'ops' : stage.actor;
  const wait: Wait = {
    onboardingId: onboarding.id,
    waitKey: `${stage.key}#${product ?? '-'}#e1`,
    stage: stage.key,
    product,
    role,
    recipient: recipientFor(role, onboarding, h.deps.config),
    status: 'pending',
    taskToken: `token-${stage.key}`,
    enteredAt: ENTERED,
    deadline: DUE,
    timeoutSeconds: 6 * 86_400,
    reminders: 0,
    escalations: 0,
    ...(stage.key === 'product-revision' ? { after: 'technical-integration' as const } : {}),
  };
  await h.deps.store.openWait(wait);
  // Two reminders went out already, each re-entering the wait with a new token.
  for (const round of [1, 2]) {
    await remindOrEscalate(h.deps, {
      onboardingId: onboarding.id,
      stage: stage.key,
      product,
      after: wait.after,
    });
    await h.deps.store.openWait({
      ...wait,
      taskToken: `token-${stage.key}-${round}`,
      deadline: h.now.value.toISOString(),
    });
  }
  return wait;
}

describe.each(WAITED_STAGES.map((stage) => [stage.key, stage] as const))(
  'an overdue %s step',
  (_key, stage) => {
    it('keeps its original due date through reminders', async () => {
      const wait = await openOverdueWait(stage);

      const stored = await h.deps.store.getWait(onboarding.id, wait.waitKey);

      expect(stored).toMatchObject({ deadline: DUE, reminders: 2 });
    });

    it('says when it was due and how many days overdue in the reminder email', async () => {
      await openOverdueWait(stage);

      const reminders = h.sentEmails().filter((email) => /^Reminder/.test(email.subject));

      expect(reminders).toHaveLength(2);
      for (const email of reminders) {
        expect(email.text).toMatch(DUE_WORDS);
        expect(email.text).toContain(OVERDUE);
        expect(email.html).toContain(OVERDUE);
      }
    });

    it("says so on the step's own page, to whoever holds its link", async () => {
      const wait = await openOverdueWait(stage);
      const linkId = mintLinkId(onboarding.id);
      await h.deps.store.putLink({
        idHash: sha256Hex(linkId),
        onboardingId: onboarding.id,
        waitKey: wait.waitKey,
        stage: wait.stage,
        role: wait.role,
        recipient: wait.recipient,
        createdAt: ENTERED,
        expiresAt: '2026-12-24T09:30:00.000Z',
      });

      const shown = (await actionApiHandler(h.deps)(
        apiEvent({ method: 'GET', path: `/a/${linkId}`, pathParameters: { id: linkId } }),
        lambdaContext,
      )) as { statusCode: number; body: string };

      expect(shown.statusCode).toBe(200);
      expect(shown.body).toContain(`datetime="${DUE}"`);
      expect(shown.body).toContain(OVERDUE);
    });

    it("says so on the provider's checklist page", async () => {
      await openOverdueWait(stage);
      const checklist = await providerChecklist(h.deps, onboarding.id);
      if (!checklist) throw new Error('no checklist');

      const page = renderChecklistPage({
        checklist,
        resources: h.deps.config.resources,
        openUrl: 'https://onboarding.test.example/p/x/open',
        opensSteps: true,
        expected: await expectedTimes(h.deps),
        now: h.now.value.toISOString(),
      });

      expect(page).toMatch(DUE_WORDS);
      expect(page).toContain(OVERDUE);
    });

    // Provider steps have no queue: theirs is the checklist, above.
    if (stage.actor !== 'provider')
      it("says so in the staff member's queue", async () => {
        const wait = await openOverdueWait(stage);

        const page = renderQueuePage({
          recipient: wait.recipient,
          items: await staffQueue(h.deps, wait.recipient),
          resources: h.deps.config.resources,
          openUrl: 'https://onboarding.test.example/r/x/open',
          opensSteps: true,
          now: h.now.value.toISOString(),
          who: stageDefinition(stage.key).title,
          opsEmail: h.deps.config.teams.ops,
        });

        expect(page).toMatch(DUE_WORDS);
        expect(page).toContain(OVERDUE);
      });

    it('says so in the ops console timeline', async () => {
      await openOverdueWait(stage);
      const table = String(
        timelineTable({
          waits: await h.deps.store.listWaits(onboarding.id),
          events: [],
          onboarding,
          csrf: 'csrf',
          now: h.now.value,
        }),
      );

      expect(table).toContain(`datetime="${DUE}"`);
      expect(table).toContain(OVERDUE);
    });
  },
);
