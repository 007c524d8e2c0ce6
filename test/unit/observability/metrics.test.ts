import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveLink } from '../../../functions/domain/action-link-flow.ts';
import { mintLinkId, sha256Hex } from '../../../functions/domain/action-links.ts';
import { recordEmailProblem } from '../../../functions/domain/email-problems.ts';
import type { Onboarding } from '../../../functions/domain/model.ts';
import { recordDecision } from '../../../functions/domain/record-decision.ts';
import { createEmfMetrics } from '../../../functions/observability/emf-metrics.ts';
import {
  createRecordingMetrics,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
} from '../../../functions/observability/metrics.ts';
import { metricsFor } from '../../../functions/runtime/dependencies-from-env.ts';
import { enterStageHandler } from '../../../functions/tasks/enter-stage-handler.ts';
import { remindOrEscalateHandler } from '../../../functions/tasks/remind-or-escalate-handler.ts';
import { lambdaContext } from '../../support/api-events.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

describe('business metrics recorded by the domain', () => {
  let h: UnitHarness;
  let onboarding: Onboarding;
  let metrics: ReturnType<typeof createRecordingMetrics>;
  beforeEach(async () => {
    h = await unitHarness({ MAX_REMINDERS: '1' });
    metrics = createRecordingMetrics();
    h.deps.metrics = metrics;
    onboarding = await seedOnboarding(h.deps.store);
  });
  afterEach(() => h.table.stop());

  it('count a stage entered once, not again on a retry of the same entry', async () => {
    const enter = () =>
      enterStageHandler(h.deps)(
        {
          taskToken: 'token-1',
          onboardingId: onboarding.id,
          stage: 'provider-agreement',
          timeoutSeconds: 60,
          step: {},
        } as never,
        lambdaContext,
      );
    await enter();
    await enter();
    expect(metrics.recorded).toEqual([{ name: 'StageEntered', value: 1, stage: 'provider-agreement' }]);
  });

  it('count reminders and escalations by stage', async () => {
    await seedWait(h.deps.store, onboarding, 'portal-access');
    const remind = () =>
      remindOrEscalateHandler(h.deps)(
        { onboardingId: onboarding.id, stage: 'portal-access' } as never,
        lambdaContext,
      );
    await remind();
    await remind();
    expect(metrics.recorded).toEqual([
      { name: 'Reminders', value: 1, stage: 'portal-access' },
      { name: 'Escalations', value: 1, stage: 'portal-access' },
    ]);
  });

  it('count a decision as the stage completed, or as changes requested, by stage', async () => {
    const alias = await seedWait(h.deps.store, onboarding, 'cloud-account');
    const portal = await seedWait(h.deps.store, onboarding, 'portal-access');
    await recordDecision(h.deps, {
      wait: alias,
      fields: { alias: 'acme' },
      actor: { id: onboarding.contactEmail, role: 'provider', via: 'link' },
    });
    await recordDecision(h.deps, {
      wait: portal,
      fields: { decision: 'send-back', reason: 'No account with that alias' },
      actor: { id: onboarding.repEmail, role: 'rep', via: 'link' },
    });
    expect(metrics.recorded).toEqual([
      { name: 'StageCompleted', value: 1, stage: 'cloud-account' },
      { name: 'ChangesRequested', value: 1, stage: 'portal-access' },
    ]);
  });

  it('count nothing for a decision refused as already made', async () => {
    const alias = await seedWait(h.deps.store, onboarding, 'cloud-account');
    const decide = () =>
      recordDecision(h.deps, {
        wait: alias,
        fields: { alias: 'acme' },
        actor: { id: onboarding.contactEmail, role: 'provider', via: 'link' },
      });
    await decide();
    await decide();
    expect(metrics.recorded.filter((m) => m.name === 'StageCompleted')).toHaveLength(1);
  });

  it('count an expired link each time someone opens it', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'provider-credit');
    const linkId = mintLinkId(onboarding.id);
    await h.deps.store.putLink({
      idHash: sha256Hex(linkId),
      onboardingId: onboarding.id,
      waitKey: wait.waitKey,
      stage: wait.stage,
      role: wait.role,
      recipient: wait.recipient,
      createdAt: '2026-10-01T00:00:00.000Z',
      expiresAt: '2026-11-01T00:00:00.000Z',
    });
    expect((await resolveLink(h.deps, linkId)).kind).toBe('expired');
    expect(metrics.recorded).toEqual([{ name: 'LinksExpired', value: 1, stage: 'provider-credit' }]);
  });

  it('count a bounce or complaint flagged on a waiting step by stage, once per event', async () => {
    await seedWait(h.deps.store, onboarding, 'provider-agreement');
    await seedWait(h.deps.store, onboarding, 'provider-credit');
    const bounce = {
      eventType: 'Bounce',
      mail: {
        messageId: 'ses-1',
        destination: ['ada@acme.example'],
        tags: { onboardingId: [onboarding.id] },
      },
      bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'ada@acme.example' }] },
    };
    const complaint = {
      notificationType: 'Complaint',
      mail: { messageId: 'ses-2', tags: { onboardingId: [onboarding.id] } },
      complaint: { complainedRecipients: [{ emailAddress: 'rep@marketplace.example' }] },
    };
    await recordEmailProblem(h.deps, bounce as never);
    await recordEmailProblem(h.deps, bounce as never);
    await recordEmailProblem(h.deps, complaint as never);
    expect(metrics.recorded).toEqual([
      { name: 'Bounces', value: 1, stage: 'provider-agreement' },
      { name: 'Complaints', value: 1, stage: 'provider-credit' },
    ]);
  });

  it('are optional: a dependency set without metrics records none and works', async () => {
    h.deps.metrics = undefined;
    await seedWait(h.deps.store, onboarding, 'portal-access');
    const result = await remindOrEscalateHandler(h.deps)(
      { onboardingId: onboarding.id, stage: 'portal-access' } as never,
      lambdaContext,
    );
    expect(result.action).toBe('reminded');
  });
});

describe('EMF metrics (Powertools)', () => {
  let written: string[];
  let spy: { mockRestore(): void };
  beforeEach(() => {
    written = [];
    spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => spy.mockRestore());
  const lines = () =>
    written
      .join('')
      .split('\n')
      .filter(Boolean)
      .map(
        (line) => JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: unknown[] } },
      );

  it('write a count at once, per stage and in the service-wide total', () => {
    createEmfMetrics().count('Reminders', { stage: 'cloud-account' });
    const [line] = lines();
    expect(line?._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: METRICS_NAMESPACE,
        Dimensions: [['service', 'stage'], ['service']],
        Metrics: [{ Name: 'Reminders', Unit: 'Count' }],
      },
    ]);
    expect(line).toMatchObject({ service: METRICS_SERVICE, stage: 'cloud-account', Reminders: 1 });
  });

  it("write a Lambda function's counts under its stack's name (METRICS_SERVICE), so two stacks never mix", () => {
    metricsFor({ AWS_LAMBDA_FUNCTION_NAME: 'enter-stage', METRICS_SERVICE: 'OnboardingStaging' }).count(
      'Reminders',
      { stage: 'cloud-account' },
    );
    metricsFor({ AWS_LAMBDA_FUNCTION_NAME: 'enter-stage', METRICS_SERVICE: 'OnboardingProd' }).count(
      'Bounces',
    );
    const [staging, prod] = lines();
    expect(staging).toMatchObject({ service: 'OnboardingStaging', stage: 'cloud-account', Reminders: 1 });
    expect(prod).toMatchObject({ service: 'OnboardingProd', Bounces: 1 });
  });

  it('write a count without a stage (a bounce of an email outside any stage) to the total only', () => {
    createEmfMetrics().count('Bounces');
    const [line] = lines();
    expect(line?._aws.CloudWatchMetrics).toEqual([expect.objectContaining({ Dimensions: [['service']] })]);
    expect(line).toMatchObject({ Bounces: 1 });
  });

  it('write a gauge with exactly the dimensions given', () => {
    const metrics = createEmfMetrics();
    metrics.gauge('StuckOnboardings', 2, { stage: 'portal-access' });
    metrics.gauge('StuckOnboardings', 5);
    const [perStage, total] = lines();
    expect(perStage?._aws.CloudWatchMetrics).toEqual([
      expect.objectContaining({ Dimensions: [['service', 'stage']] }),
    ]);
    expect(perStage).toMatchObject({ stage: 'portal-access', StuckOnboardings: 2 });
    expect(total?._aws.CloudWatchMetrics).toEqual([expect.objectContaining({ Dimensions: [['service']] })]);
    expect(total).toMatchObject({ StuckOnboardings: 5 });
  });
});
