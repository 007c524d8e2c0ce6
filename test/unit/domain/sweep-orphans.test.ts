import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/adapters/table-design.ts';
import type { WorkflowExecutionList, WorkflowStarter } from '../../../functions/domain/ports.ts';
import { type OrphanSweepDependencies, sweepOrphans } from '../../../functions/domain/sweep-orphans.ts';
import { createRecordingMetrics } from '../../../functions/observability/metrics.ts';
import { checkStuckOnboardingsHandler } from '../../../functions/tasks/check-stuck-onboardings-handler.ts';
import { lambdaContext } from '../../support/api-events.ts';
import { seedOnboarding } from '../../support/seed.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

let h: UnitHarness;
const NOW = '2026-11-24T10:00:00.000Z';
const HOUR_AGO = '2026-11-24T09:00:00.000Z';

/** Step Functions as the sweep sees it: executions by name and status; a start adds a RUNNING one. */
function fakeWorkflow(initial: Record<string, string>) {
  const statuses = new Map(Object.entries(initial));
  const started: string[] = [];
  const executions: WorkflowExecutionList = {
    listNames: async (status) => [...statuses].filter(([, s]) => s === status).map(([name]) => name),
    statusOf: async (name) => statuses.get(name),
  };
  const starter: WorkflowStarter = {
    startExecution: async ({ name }) => {
      // Taking turns with the other sweeper, as two Lambdas would.
      await new Promise((resolve) => setImmediate(resolve));
      if (statuses.has(name)) throw Object.assign(new Error('taken'), { name: 'ExecutionAlreadyExists' });
      statuses.set(name, 'RUNNING');
      started.push(name);
      return { executionArn: `arn:aws:states:us-east-1:1:execution:m:${name}` };
    },
  };
  return { executions, starter, started, statuses };
}

function sweepDeps(workflow: ReturnType<typeof fakeWorkflow>): OrphanSweepDependencies {
  return {
    store: h.deps.store,
    starter: workflow.starter,
    executions: workflow.executions,
    waits: h.deps.config.waits,
    clock: h.deps.clock,
    logger: h.deps.logger,
  };
}

/** The torn index: the profile keeps its status, but the by-stage index no longer lists it. */
async function tearIndexEntry(id: string) {
  await h.table.documentClient.send(
    new UpdateCommand({
      TableName: h.table.tableName,
      Key: keys.onboarding(id),
      UpdateExpression: 'REMOVE gsi1pk, gsi1sk',
    }),
  );
}

beforeEach(async () => {
  h = await unitHarness();
  h.now.value = new Date(NOW);
});
afterEach(() => h.table.stop());

describe('the orphan sweep (on dynalite)', () => {
  it('finds an onboarding whose index entry is gone and whose execution was aborted, and resumes it once with two sweeps racing', async () => {
    await seedOnboarding(h.deps.store, {
      id: 'torn-abcdefgh',
      executionName: 'torn-abcdefgh',
      createdAt: HOUR_AGO,
      updatedAt: HOUR_AGO,
    });
    await seedOnboarding(h.deps.store, {
      id: 'fine-abcdefgh',
      executionName: 'fine-abcdefgh',
      createdAt: HOUR_AGO,
      updatedAt: HOUR_AGO,
    });
    await tearIndexEntry('torn-abcdefgh');
    expect((await h.deps.store.listOnboardingsByStage('cloud-account', 100)).items.map((o) => o.id)).toEqual([
      'fine-abcdefgh',
    ]);
    const workflow = fakeWorkflow({ 'torn-abcdefgh': 'ABORTED', 'fine-abcdefgh': 'RUNNING' });

    const [first, second] = await Promise.all([
      sweepOrphans(sweepDeps(workflow)),
      sweepOrphans(sweepDeps(workflow)),
    ]);

    expect(workflow.started).toEqual(['torn-abcdefgh-resume-1']);
    expect([...first.resumed, ...second.resumed]).toEqual([
      { onboardingId: 'torn-abcdefgh', executionName: 'torn-abcdefgh-resume-1', orphaned: 'torn-abcdefgh' },
    ]);
    const events = await h.deps.store.listEvents('torn-abcdefgh');
    expect(events.filter((e) => e.type === 'orphan-found').map((e) => e.detail)).toEqual([
      'in progress with no running execution (torn-abcdefgh: ABORTED)',
    ]);
    expect(events.filter((e) => e.type === 'onboarding-resumed')).toHaveLength(1);
    expect((await h.deps.store.getOnboarding('torn-abcdefgh'))?.executionName).toBe('torn-abcdefgh-resume-1');
    expect(workflow.statuses.get('fine-abcdefgh')).toBe('RUNNING');

    // The next sweep finds nothing left to do.
    const again = await sweepOrphans(sweepDeps(workflow));
    expect(again).toEqual({ found: 0, resumed: [] });
  });

  it('leaves alone an onboarding whose execution is being started right now (within the grace period)', async () => {
    await seedOnboarding(h.deps.store, {
      id: 'new-abcdefgh',
      executionName: 'new-abcdefgh',
      createdAt: '2026-11-24T09:59:30.000Z',
      updatedAt: '2026-11-24T09:59:30.000Z',
    });
    const workflow = fakeWorkflow({});
    expect(await sweepOrphans(sweepDeps(workflow))).toEqual({ found: 0, resumed: [] });
    expect(workflow.started).toEqual([]);
  });

  it('runs in the scheduled check, which counts the orphans it found', async () => {
    await seedOnboarding(h.deps.store, {
      id: 'torn-abcdefgh',
      executionName: 'torn-abcdefgh',
      createdAt: HOUR_AGO,
      updatedAt: HOUR_AGO,
    });
    await tearIndexEntry('torn-abcdefgh');
    const workflow = fakeWorkflow({ 'torn-abcdefgh': 'FAILED' });
    const metrics = createRecordingMetrics();

    const result = await checkStuckOnboardingsHandler({
      store: h.deps.store,
      clock: h.deps.clock,
      logger: h.deps.logger,
      metrics,
      stuckAfterDays: 14,
      orphans: { ...sweepDeps(workflow), metrics },
    })({} as never, lambdaContext);

    expect(result.orphans?.resumed.map((r) => r.onboardingId)).toEqual(['torn-abcdefgh']);
    expect(workflow.started).toEqual(['torn-abcdefgh-resume-1']);
    expect(metrics.recorded.filter((m) => m.name === 'OrphansFound').map((m) => m.value)).toEqual([1]);
  });
});
