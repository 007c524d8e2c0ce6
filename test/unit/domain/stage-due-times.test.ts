import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { STAGES, stageDefinition } from '../../../functions/checklist/stages.ts';
import { daysOverdue } from '../../../functions/domain/overdue.ts';
import {
  DUE_MARGIN,
  dueSecondsInput,
  dueSecondsName,
  dueTime,
  percentile,
  WAITED_STAGES,
} from '../../../functions/domain/stage-due-times.ts';
import { stageDueSetting } from '../../../functions/stage-due-schema.ts';

const DAY = 86_400;
const floors = { providerWaitSeconds: 7 * DAY, teamWaitSeconds: 3 * DAY };

describe("each stage's own due time", () => {
  it.each(WAITED_STAGES.map((stage) => [stage.key, stage] as const))(
    '%s: without history, its usual days plus a quarter in whole days, never under its floor',
    (_key, stage) => {
      const floor = stage.actor === 'provider' ? floors.providerWaitSeconds : floors.teamWaitSeconds;
      const due = dueTime(stage, floors, undefined);

      expect(due.seconds).toBe(Math.max(floor, Math.ceil(stage.usualDays * DUE_MARGIN) * DAY));
      expect(due.seconds).toBeGreaterThan(stage.usualDays * DAY - 1);
      expect(due.seconds % DAY).toBe(0);
    },
  );

  it('gives product content, which usually takes two weeks, more than the seven days every step had', () => {
    expect(dueTime(stageDefinition('product-content'), floors, undefined)).toEqual({
      seconds: 18 * DAY,
      basis: 'usual',
    });
  });

  it("takes the 80th percentile of the stage's recent durations once there are ten", () => {
    const samples = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((days) => days * DAY);

    expect(dueTime(stageDefinition('technical-integration'), floors, samples)).toEqual({
      seconds: 8 * DAY,
      basis: 'history',
    });
    expect(dueTime(stageDefinition('technical-integration'), floors, samples.slice(0, 9)).basis).toBe(
      'usual',
    );
  });

  it('never goes under the floor, however quick the history', () => {
    const quick = Array.from({ length: 20 }, () => 3600);

    expect(dueTime(stageDefinition('cloud-account'), floors, quick).seconds).toBe(7 * DAY);
    expect(dueTime(stageDefinition('portal-access'), floors, quick).seconds).toBe(3 * DAY);
  });

  it('uses the figure configured for a stage over any other', () => {
    const settings = { ...floors, stageDueSeconds: { 'product-content': 21 * DAY } };

    expect(dueTime(stageDefinition('product-content'), settings, undefined)).toEqual({
      seconds: 21 * DAY,
      basis: 'configured',
    });
  });

  it('keeps seconds-long due times as they are (demos and tests)', () => {
    const fast = { providerWaitSeconds: 2, teamWaitSeconds: 2, stageDueSeconds: { 'cloud-account': 5 } };

    expect(dueTime(stageDefinition('cloud-account'), fast, undefined).seconds).toBe(5);
  });

  it('writes one due time per waited stage into the execution input, named as the state machine reads them', () => {
    const input = dueSecondsInput(floors, {});

    expect(Object.keys(input).sort()).toEqual(WAITED_STAGES.map((stage) => dueSecondsName(stage.key)).sort());
    expect(input.productContent).toBe(18 * DAY);
    expect(input.technicalIntegration).toBe(13 * DAY);
    expect(WAITED_STAGES).toHaveLength(STAGES.length - 1);
  });

  it('counts the nearest-rank percentile', () => {
    expect(percentile([5, 1, 4, 2, 3], 0.8)).toBe(4);
    expect(percentile([7], 0.8)).toBe(7);
  });
});

describe('days overdue', () => {
  it('counts whole days in UTC after the original due date, and none on or before it', () => {
    const due = '2026-11-20T09:30:00.000Z';

    expect(daysOverdue(due, '2026-11-19T10:00:00.000Z')).toBe(0);
    expect(daysOverdue(due, '2026-11-20T23:00:00.000Z')).toBe(0);
    expect(daysOverdue(due, '2026-11-21T00:10:00.000Z')).toBe(1);
    expect(daysOverdue(due, '2026-11-24T10:00:00.000Z')).toBe(4);
    expect(daysOverdue('not a date', '2026-11-24T10:00:00.000Z')).toBe(0);
  });
});

describe('the STAGE_DUE_SECONDS setting', () => {
  it('reads stage=seconds pairs', () => {
    expect(stageDueSetting.parse(' product-content=1814400, portal-access=172800 ,')).toEqual({
      'product-content': 1_814_400,
      'portal-access': 172_800,
    });
  });

  it('refuses every pair that is not a stage and a whole number of seconds, in plain words', () => {
    const bad = [
      'product=5',
      'product-content=soon',
      'portal-access=0',
      'cloud-account=1.5',
      'cloud-account',
    ];
    const refusals = bad.map((text) => stageDueSetting.safeParse(text)).filter((result) => !result.success);

    expect(refusals).toHaveLength(bad.length);
    expect(refusals[0]?.error?.issues[0]?.message).toBe(
      '"product=5" is not a stage and a whole number of seconds, like product-content=1814400',
    );
  });
});

describe('the operating guide', () => {
  it('documents every stage’s default due time as the code computes it', async () => {
    const guide = await readFile(new URL('../../../docs/operating.md', import.meta.url), 'utf8');
    const defaults = { providerWaitSeconds: 7 * DAY, teamWaitSeconds: 3 * DAY };

    for (const stage of WAITED_STAGES) {
      const days = dueTime(stage, defaults, undefined).seconds / DAY;
      expect(guide, stage.key).toContain(
        `| ${stage.title} (\`${stage.key}\`) | ${stage.usualDays} | ${days} |`,
      );
    }
  });
});
