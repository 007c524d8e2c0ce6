import { buildAuditPack } from '../functions/domain/audit-pack.ts';
import { DEFAULT_STUCK_AFTER_DAYS } from '../functions/domain/check-stuck-onboardings.ts';
import type { Dependencies } from '../functions/domain/dependencies.ts';
import type { AuditEvent } from '../functions/domain/model.ts';
import { resendStepLink } from '../functions/domain/resend-step-link.ts';
import { startOnboardingOnce } from '../functions/domain/start-once.ts';
import type { DeliveredEvent } from '../functions/lifecycle/delivered-event.ts';
import type { ConsoleSource, SentEmail } from '../ops-console/console-source.ts';
import { actInConsole, CONSOLE_ACTOR } from '../ops-console/ops-actions.ts';
import { executionsOf } from '../ops-console/ops-data.ts';
import { readAsl } from '../statemachine/definition.ts';
import { failedPart, failedPartSentence } from './failed-part.ts';
import { readInbox } from './inbox-client.ts';
import type { ExecutionHistoryEvent, LocalWorkflowEngine } from './stepfunctions/index.ts';

export interface LocalConsoleOptions {
  /** The handlers' own dependencies (store, mailer, config), as the Lambda functions build them. */
  deps: Dependencies;
  engine: LocalWorkflowEngine;
  inboxUrl: string;
  waits: Dependencies['config']['waits'];
  /** The lifecycle events published so far (the local EventBridge stand-in's), for `/ops/events`. */
  events?: { list(): DeliveredEvent[] };
  /** Days without progress that make an onboarding "stuck" (as the scheduled check; 14 by default). */
  stuckAfterDays?: number;
}

/**
 * The ops console's source on `npm start`: the in-process engine and store, the local inbox, and the
 * same domain functions as the handlers (the console acts as ops, asking the one decision point).
 */
export function localConsoleSource(options: LocalConsoleOptions): ConsoleSource {
  const { deps, engine } = options;
  return {
    where: 'the local runtime',
    kind: 'local',
    offers: { resend: true, stop: true },
    store: deps.store,
    events: options.events,
    clock: deps.clock,
    logger: deps.logger,
    stuckAfterDays: options.stuckAfterDays ?? DEFAULT_STUCK_AFTER_DAYS,
    machine: async () => readAsl(),
    executions: (onboardingId) => executionsOf(engine, onboardingId),
    history: async (executionArn) => {
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
    },
    emails: (events) => emailsOf(options.inboxUrl, events),
    auditPack: (onboardingId) => buildAuditPack(deps, onboardingId),
    start: async (request) => {
      const started = await startOnboardingOnce(
        {
          store: deps.store,
          starter: {
            startExecution: ({ name, input }) =>
              engine.startExecution({ name, input: JSON.stringify(input) }),
          },
          waits: options.waits,
          clock: deps.clock,
          logger: deps.logger,
          staff: deps.config,
          events: deps.events,
        },
        request,
      );
      return started.onboardingId;
    },
    resend: async (onboarding, wait) => {
      const outcome = await resendStepLink(deps, { onboarding, wait, by: CONSOLE_ACTOR });
      // Refused for good: the step is flagged again and the page says why and what to do.
      return outcome === 'sent' ? 'resent' : outcome === 'suppressed' ? 'resend-limited' : 'not-sent';
    },
    act: (onboardingId, action, form) => actInConsole({ deps, engine }, onboardingId, action, form),
    explain: (error) => {
      const failed = failedPart(error, 'Step Functions');
      return failed
        ? { status: 503, title: `${failed.part} is not answering`, text: failedPartSentence(failed) }
        : undefined;
    },
  };
}

/**
 * The emails of one onboarding: the audit trail names each message id; the local inbox has its
 * recipients and subject (emails sent before a restart are only in the audit trail).
 */
async function emailsOf(inboxUrl: string, events: AuditEvent[]): Promise<SentEmail[]> {
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
