import type { StarterDependencies } from './dependencies.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import { executionNameFor } from './onboarding-ids.ts';
import { resumeOnboarding } from './resume-onboarding.ts';

/** What DescribeExecution tells about an execution, as far as redriving it goes. */
export interface ExecutionFacts {
  executionArn: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';
  stopDate?: Date;
  error?: string;
  cause?: string;
  redriveStatus?: string;
  redriveStatusReason?: string;
}

/** Step Functions executions by name: describe one, redrive one. */
export interface WorkflowExecutions {
  /** Undefined when there is no such execution. */
  describe(executionName: string): Promise<ExecutionFacts | undefined>;
  /** 'not-redrivable' when Step Functions refuses it after all (ExecutionNotRedrivable). */
  redrive(executionArn: string): Promise<'redriven' | 'not-redrivable'>;
}

export type RedriveVerdict =
  | { action: 'redrive'; why: string }
  | { action: 'resume'; why: string }
  | { action: 'wait'; why: string };

/** AWS keeps an ended Standard execution redrivable for 14 days. */
export const REDRIVABLE_DAYS = 14;
const DAY_MS = 24 * 3600 * 1000;
const MAX_EXECUTION_TIME = /max(imum)? (execution|open) time/i;

/**
 * Whether Step Functions can redrive the execution (RedriveExecution, same execution, from the failed
 * state) or the onboarding must be resumed in a new one. Redrive only when DescribeExecution says
 * REDRIVABLE and the rules behind it hold as well: failed, timed out or aborted, stopped within 14
 * days, and not ended by the one-year limit (a redrive would hit it again at once).
 */
export function redriveVerdict(facts: ExecutionFacts | undefined, now: Date): RedriveVerdict {
  if (!facts) return { action: 'resume', why: 'its latest execution is not known to Step Functions' };
  if (facts.status === 'RUNNING' || facts.status === 'PENDING_REDRIVE') {
    return {
      action: 'wait',
      why: `its latest execution is still ${facts.status === 'RUNNING' ? 'running' : 'being redriven'}`,
    };
  }
  if (facts.status === 'SUCCEEDED') return { action: 'resume', why: 'its latest execution succeeded' };
  const ended = facts.status.toLowerCase().replace('_', ' ');
  if (MAX_EXECUTION_TIME.test(`${facts.redriveStatusReason ?? ''} ${facts.cause ?? ''}`)) {
    return { action: 'resume', why: `its latest execution ${ended} at the maximum execution time` };
  }
  if (!facts.stopDate || now.getTime() - facts.stopDate.getTime() > REDRIVABLE_DAYS * DAY_MS) {
    return { action: 'resume', why: `its latest execution ${ended} more than ${REDRIVABLE_DAYS} days ago` };
  }
  if (facts.redriveStatus !== 'REDRIVABLE') {
    const reason = facts.redriveStatusReason ? `: ${facts.redriveStatusReason}` : '';
    return { action: 'resume', why: `Step Functions cannot redrive its latest execution${reason}` };
  }
  return { action: 'redrive', why: `its latest execution ${ended} less than ${REDRIVABLE_DAYS} days ago` };
}

export interface RedriveOutcome {
  method: 'redrive' | 'resume';
  /** Why this method, in words for the operator. */
  why: string;
  executionName: string;
  executionArn: string;
  /** Where a resume started. */
  startAt?: string;
}

/**
 * Gets an onboarding moving again the cheapest exact way: redrives its latest execution when Step
 * Functions can, else resumes it at its recorded stage in a new execution (`resumeOnboarding`).
 * Refused while the latest execution is still running: a resume beside it would run the steps twice.
 */
export async function redriveOnboarding(
  deps: StarterDependencies & { executions: WorkflowExecutions },
  request: { onboardingId: string },
): Promise<RedriveOutcome> {
  const onboarding = await deps.store.getOnboarding(request.onboardingId);
  if (!onboarding) throw new NotFoundError(`There is no onboarding "${request.onboardingId}".`);
  // Every start and resume records the execution carrying the onboarding; older records (before that
  // field) are numbered by the audit trail's resume events, as resumeOnboarding names them.
  const latestName = onboarding.executionStartedAt
    ? onboarding.executionName
    : executionNameFor(
        onboarding.id,
        (await deps.store.listEvents(onboarding.id)).filter((event) => event.type === 'onboarding-resumed')
          .length,
      );
  const facts = await deps.executions.describe(latestName);
  let verdict = redriveVerdict(facts, deps.clock());
  // A redriven wait re-enters with the input it had, which cannot name a decided wait to replay: a
  // decision on record that never reached the workflow would be asked for again. Resume delivers it.
  if (verdict.action === 'redrive' && (await hasUndeliveredDecision(deps, onboarding.id))) {
    verdict = {
      action: 'resume',
      why: 'a decision on record never reached its execution; a resume delivers it from the record',
    };
  }

  if (verdict.action === 'wait') {
    throw new ConflictError(
      `Onboarding ${onboarding.id} needs neither: ${verdict.why} (${latestName}). Stop it first to resume it.`,
    );
  }
  let why = verdict.why;
  if (verdict.action === 'redrive' && facts) {
    if ((await deps.executions.redrive(facts.executionArn)) === 'redriven') {
      deps.logger.info('Onboarding redriven', { onboardingId: onboarding.id, executionName: latestName });
      return { method: 'redrive', why, executionName: latestName, executionArn: facts.executionArn };
    }
    // Its state changed between the two calls (or a rule this code does not know applies).
    why = 'Step Functions refused to redrive its latest execution';
  }
  const resumed = await resumeOnboarding(deps, { onboardingId: onboarding.id });
  return {
    method: 'resume',
    why,
    executionName: resumed.executionName,
    executionArn: resumed.executionArn,
    startAt: resumed.startAt,
  };
}

async function hasUndeliveredDecision(deps: StarterDependencies, onboardingId: string): Promise<boolean> {
  const waits = await deps.store.listWaits(onboardingId);
  return waits.some((wait) => wait.status === 'decided' && !wait.deliveredAt);
}
