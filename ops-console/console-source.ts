import type { AuditPack } from '../functions/domain/audit-pack.ts';
import type { AuditEvent, Onboarding, Wait } from '../functions/domain/model.ts';
import type { OnboardingStore } from '../functions/domain/ports.ts';
import type { StartOnboardingRequest } from '../functions/domain/start-onboarding-request.ts';
import type { DeliveredEvent } from '../functions/lifecycle/delivered-event.ts';
import type { Logger } from '../functions/observability/logger.ts';
import type { AslMachine } from '../statemachine/definition.ts';
import type { ConsoleAction } from './console-action-names.ts';

/**
 * Everything the ops console reads and does, as one interface with two implementations: the local
 * runtime's (`local/ops-console-source.ts`: the in-process engine, store and inbox) and a deployed
 * stack's (`aws-console-source.ts`: the AWS SDK with the operator's credentials, the signed people
 * API for changes). The pages never know which one they are given.
 */
export interface ConsoleSource {
  /** Where the console looks, in words for the page ("stack OnboardingProd in eu-west-1"). */
  where: string;
  /** The local runtime (with its inbox and start page beside the console) or a deployed stack. */
  kind: 'local' | 'stack';
  /** What the pages offer beyond reading and the people forms (a stack's API has no resend or stop yet). */
  offers: ConsoleOffers;
  /** Reads only: by-stage index, one onboarding, its steps and audit trail. */
  store: Pick<
    OnboardingStore,
    'listOnboardingsByStage' | 'getOnboarding' | 'getWait' | 'listWaits' | 'listEvents' | 'listMessages'
  >;
  /** The lifecycle events published so far, where the console can see them (the local EventBridge stand-in's). */
  events?: { list(): DeliveredEvent[] };
  clock(): Date;
  logger: Logger;
  /** Days without progress that make an onboarding "stuck" (as the scheduled check). */
  stuckAfterDays: number;
  /** The state machine's definition, for the graph. */
  machine(): Promise<AslMachine>;
  /** The onboarding's executions (the first, and one per resume), newest first. */
  executions(onboardingId: string): Promise<ConsoleExecution[]>;
  history(executionArn: string): Promise<ConsoleHistoryEvent[]>;
  /** The emails the audit trail names, with their recipients and subject where known. */
  emails(events: AuditEvent[]): Promise<SentEmail[]>;
  auditPack(onboardingId: string): Promise<AuditPack>;
  /** Starts an onboarding (the request's client token makes a double submit start one); its id. */
  start(request: StartOnboardingRequest): Promise<string>;
  /** Emails the step's link again to its recipient on file; the notice the page shows. */
  resend(onboarding: Onboarding, wait: Wait): Promise<ResendNotice>;
  /** A people, stop or message form (see console-action-names.ts); the notice the page shows. Throws plain-word errors. */
  act(onboardingId: string, action: ConsoleAction, form: URLSearchParams): Promise<string>;
  /** A failure the operator can act on, in words (a part not answering, IAM refusing); else undefined. */
  explain(error: unknown): { status: number; title: string; text: string } | undefined;
}

export interface ConsoleOffers {
  resend: boolean;
  stop: boolean;
}

export type ResendNotice = 'resent' | 'resend-limited' | 'not-sent';

/** What the console shows of an execution (the Step Functions API's own fields). */
export interface ConsoleExecution {
  executionArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
}

export type ExecutionStatus =
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'ABORTED'
  | 'PENDING_REDRIVE';

/** What the graph reads of an execution's history: which states were entered and exited. */
export interface ConsoleHistoryEvent {
  type: string;
  stateEnteredEventDetails?: { name?: string };
  stateExitedEventDetails?: { name?: string };
}

export interface SentEmail {
  at: string;
  to: string[];
  cc: string[];
  subject: string;
  kind: string;
}
