import { afterEach, describe, expect, it } from 'vitest';
import type { StageKey } from '../../functions/checklist/stages.ts';
import { WAITED_STAGES } from '../../functions/domain/stage-due-times.ts';
import { startOnboarding } from '../../functions/domain/start-onboarding.ts';
import { InProcessSystem, type SentEmail } from '../support/in-process-system.ts';

/**
 * Each stage's first reminder comes at that stage's own due time: on the real ASL with the real
 * handlers, every waited stage gets a different due time, and the onboarding is walked through all of
 * them (a technical send-back brings the revision), waiting at each for its first reminder.
 */
const PROVIDER = 'ada@acme.example';
const REP = 'rep@marketplace.example';
const PLATFORM = 'platform@marketplace.example';
const BILLING = 'billing@marketplace.example';
const MARKETPLACE = 'marketplace-team@marketplace.example';
const PRODUCT = 'Acme Backup';

/** Seconds: a different one per stage, so a wait timed by another stage's setting is caught. */
const DUE: Record<Exclude<StageKey, 'published'>, number> = {
  'cloud-account': 2,
  'portal-access': 3,
  'provider-agreement': 4,
  'provider-credit': 2,
  'product-content': 3,
  'publication-request': 4,
  'technical-integration': 2,
  'billing-integration': 5,
  'product-revision': 3,
  'marketplace-approval': 4,
};

const PER_PRODUCT: StageKey[] = [
  'technical-integration',
  'billing-integration',
  'product-revision',
  'marketplace-approval',
];

let system: InProcessSystem;
afterEach(() => system.stop());

describe("each stage's own due time, on the real ASL", () => {
  it('reminds at each stage only once its own due time has passed, and records that due date', async () => {
    system = await InProcessSystem.start({ waitSeconds: 3600, maxReminders: 5, stageDueSeconds: DUE });
    const { onboardingId, executionArn } = await startOnboarding(system.starterDeps, {
      company: 'Acme Software',
      contactName: 'Ada Lovelace',
      contactEmail: PROVIDER,
      repEmail: REP,
    });
    const seen: StageKey[] = [];

    /** Waits for the stage's first reminder, checks it against its due time, then answers the step. */
    const remindedThenAnswer = async (
      stage: keyof typeof DUE,
      recipient: string,
      subject: RegExp,
      fields: Record<string, string | string[]>,
    ): Promise<SentEmail> => {
      const asked = await system.nextEmail(recipient, subject);
      const product =
        stage.startsWith('product-content') || stage === 'publication-request' ? undefined : PRODUCT;
      const perProduct = PER_PRODUCT.includes(stage);
      const wait = await system.deps.store.getCurrentWait(
        onboardingId,
        stage,
        perProduct ? product : undefined,
      );
      if (!wait) throw new Error(`no wait for ${stage}`);
      expect(wait.timeoutSeconds, stage).toBe(DUE[stage]);
      expect(Date.parse(wait.deadline) - Date.parse(wait.enteredAt), stage).toBe(DUE[stage] * 1000);

      const reminder = await system.nextEmail(
        recipient,
        new RegExp(`^Reminder.*${subject.source}`, 'i'),
        60_000,
      );
      // A timer never fires early: the reminder comes at or after the stage's own due time, counted
      // from when the engine handed the task over. Not from the wait's `enteredAt`: the handler stamps
      // that after the task's timer started, as Step Functions' TimeoutSeconds does on AWS, so on a
      // busy machine the reminder can come a few milliseconds before enteredAt + due.
      // The wait's own task: the last one of its stage handed over by the time the wait was entered
      // (a reminder's re-entry hands the stage over again, later).
      const handedOver = system.stageTasksHandedOver.findLast(
        (task) =>
          task.stage === stage &&
          task.product === (perProduct ? product : undefined) &&
          task.at <= Date.parse(wait.enteredAt),
      );
      if (!handedOver) throw new Error(`the engine never handed over ${stage} before it was entered`);
      expect(reminder.at - handedOver.at, stage).toBeGreaterThanOrEqual(DUE[stage] * 1000);
      const after = await system.deps.store.getWait(onboardingId, wait.waitKey);
      expect(after?.deadline, `${stage}: the due date stays`).toBe(wait.deadline);
      seen.push(stage);
      const answered = await system.act(asked, fields);
      expect(answered.statusCode, stage).toBe(200);
      return asked;
    };

    await remindedThenAnswer('cloud-account', PROVIDER, /Cloud account/, { alias: 'ACME' });
    await remindedThenAnswer('portal-access', REP, /Provider Portal/, { decision: 'approve' });
    await remindedThenAnswer('provider-agreement', PROVIDER, /Agreement/, {
      signerName: 'Ada Lovelace',
      signerTitle: 'CTO',
      agreementVersion: '2019-01',
      accept: 'yes',
    });
    await remindedThenAnswer('provider-credit', REP, /credit/, { amount: '2500.00', currency: 'USD' });
    await remindedThenAnswer('product-content', PROVIDER, /Product content/, { products: PRODUCT });
    await remindedThenAnswer('publication-request', PROVIDER, /Publication request/, {
      products: [PRODUCT],
      confirm: 'yes',
    });
    await remindedThenAnswer('billing-integration', BILLING, /Billing integration/, { decision: 'approve' });
    await remindedThenAnswer('technical-integration', PLATFORM, /Technical integration/, {
      decision: 'send-back',
      reason: 'Please fix the health check.',
    });
    await remindedThenAnswer('product-revision', PROVIDER, /Acme Backup/, {
      decision: 'resubmit',
      changes: 'Fixed.',
    });
    // The sign-off asked again after the revision (earlier reminders of the first one are not it).
    const again = await system.nextEmail(PLATFORM, /^(?!Reminder).*Technical integration/i);
    expect((await system.act(again, { decision: 'approve' })).statusCode).toBe(200);
    await remindedThenAnswer('marketplace-approval', MARKETPLACE, /Marketplace approval/, {
      decision: 'approve',
    });

    // Every stage that waits on a person was walked through.
    expect([...seen].sort()).toEqual(WAITED_STAGES.map((stage) => stage.key).sort());
    await system.engine.stopExecution(executionArn);
  }, 180_000);
});
