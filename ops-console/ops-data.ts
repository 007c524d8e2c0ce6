import { STAGE_KEYS } from '../functions/checklist/stages.ts';
import type { Onboarding, Wait } from '../functions/domain/model.ts';
import type { OnboardingStore } from '../functions/domain/ports.ts';
import type { ConsoleExecution } from './console-source.ts';

/** A Step Functions ListExecutions, as the local engine and the AWS SDK both answer it. */
export interface ExecutionLister {
  listExecutions(options: {
    maxResults: number;
    nextToken?: string;
  }): Promise<{ executions: ConsoleExecution[]; nextToken?: string }>;
}

export const FUNNEL_STAGES = [...STAGE_KEYS.filter((stage) => stage !== 'published'), 'completed'] as const;

/** Every onboarding, by stage (Query per stage on the by-stage index), newest first within a stage. */
export async function allOnboardings(
  store: Pick<OnboardingStore, 'listOnboardingsByStage'>,
): Promise<Onboarding[]> {
  const found: Onboarding[] = [];
  for (const stage of [...STAGE_KEYS, 'completed']) {
    let cursor: string | undefined;
    do {
      const page = await store.listOnboardingsByStage(stage, 200, cursor);
      found.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
  }
  return found;
}

export interface FunnelRow {
  key: string;
  label: string;
  count: number;
  kind: 'stage' | 'completed' | 'stopped';
}

export function funnel(onboardings: Onboarding[], labelOf: (stage: string) => string): FunnelRow[] {
  const running = onboardings.filter((onboarding) => onboarding.status === 'in-progress');
  return [
    ...FUNNEL_STAGES.map((stage) => ({
      key: stage,
      label: labelOf(stage),
      count:
        stage === 'completed'
          ? onboardings.filter((onboarding) => onboarding.status === 'completed').length
          : running.filter((onboarding) => onboarding.stage === stage).length,
      kind: stage === 'completed' ? ('completed' as const) : ('stage' as const),
    })),
    {
      key: 'stopped',
      label: 'Stopped',
      count: onboardings.filter((onboarding) => onboarding.status === 'stopped').length,
      kind: 'stopped' as const,
    },
  ];
}

/** The onboarding's executions (the first, and one per resume), newest first. */
export async function executionsOf(
  engine: ExecutionLister,
  onboardingId: string,
): Promise<ConsoleExecution[]> {
  const items: ConsoleExecution[] = [];
  let nextToken: string | undefined;
  do {
    const page = await engine.listExecutions({ maxResults: 1000, nextToken });
    items.push(
      ...page.executions.filter(
        (execution) =>
          execution.name === onboardingId || execution.name.startsWith(`${onboardingId}-resume-`),
      ),
    );
    nextToken = page.nextToken;
  } while (nextToken);
  return items;
}

export function timeline(waits: Wait[]): Wait[] {
  return [...waits].sort((a, b) => a.enteredAt.localeCompare(b.enteredAt));
}
