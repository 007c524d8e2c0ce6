import { STAGE_KEYS } from '../functions/checklist/stages.ts';
import type { AuditEvent, Onboarding, Wait } from '../functions/domain/model.ts';
import type { OnboardingStore } from '../functions/domain/ports.ts';
import { readInbox } from '../local/inbox-client.ts';
import type {
  ExecutionHistoryEvent,
  ExecutionListItem,
  LocalWorkflowEngine,
} from '../local/stepfunctions/index.ts';

/** What the ops console reads: the store (by-stage index, no Scan), the engine, and the local inbox. */
export interface OpsSources {
  store: OnboardingStore;
  engine: LocalWorkflowEngine;
  inboxUrl: string;
}

export const FUNNEL_STAGES = [...STAGE_KEYS.filter((stage) => stage !== 'published'), 'completed'] as const;

/** Every onboarding, by stage (Query per stage on the by-stage index), newest first within a stage. */
export async function allOnboardings(store: OnboardingStore): Promise<Onboarding[]> {
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
  engine: Pick<LocalWorkflowEngine, 'listExecutions'>,
  onboardingId: string,
): Promise<ExecutionListItem[]> {
  const items: ExecutionListItem[] = [];
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

export async function historyOf(
  engine: LocalWorkflowEngine,
  executionArn: string,
): Promise<ExecutionHistoryEvent[]> {
  const events: ExecutionHistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await engine.getExecutionHistory(executionArn, {
      maxResults: 1000,
      nextToken,
      includeExecutionData: false,
    });
    events.push(...page.events);
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

export interface SentEmail {
  at: string;
  to: string[];
  cc: string[];
  subject: string;
  kind: string;
}

/**
 * The emails of one onboarding: the audit trail names each message id; the local inbox has its
 * recipients and subject (emails sent before a restart are only in the audit trail).
 */
export async function emailsOf(inboxUrl: string, events: AuditEvent[]): Promise<SentEmail[]> {
  const inbox = await readInbox(inboxUrl).catch(() => []);
  const byId = new Map(inbox.map((email) => [email.messageId, email]));
  const found: SentEmail[] = [];
  for (const event of events) {
    const ids = [...(event.detail ?? '').matchAll(/[A-Za-z0-9-]{8,}/g)].map((match) => match[0]);
    const email = ids.map((id) => byId.get(id)).find((candidate) => candidate !== undefined);
    if (!email) continue;
    found.push({ at: event.at, to: email.to, cc: email.cc, subject: email.subject, kind: event.type });
  }
  return found;
}

export function timeline(waits: Wait[]): Wait[] {
  return [...waits].sort((a, b) => a.enteredAt.localeCompare(b.enteredAt));
}
