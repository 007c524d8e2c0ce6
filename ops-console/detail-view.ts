import type { AuditEvent, Onboarding, StepMessage, Wait } from '../functions/domain/model.ts';
import type { LaidOutGraph } from './asl-layout.ts';
import type { ConsoleExecution, ConsoleOffers, SentEmail } from './console-source.ts';
import type { StateStatus } from './graph-svg.ts';
import type { ActionProblem } from './ops-action-forms.ts';

/** What the console's detail page shows of one onboarding (its page and its tables read it). */
export interface DetailView {
  onboarding: Onboarding;
  waits: Wait[];
  /** Every step's questions and answers (see ops-conversations.ts). */
  messages?: StepMessage[];
  events: AuditEvent[];
  emails: SentEmail[];
  execution?: ConsoleExecution;
  executions: ConsoleExecution[];
  graph: LaidOutGraph;
  statuses: Map<string, StateStatus>;
  csrf: string;
  notice?: string;
  /** Show the whole graph instead of the window around the states in progress. */
  wholeGraph: boolean;
  /** A people or stop form sent back with problems. */
  problem?: ActionProblem;
  now: Date;
  /** Forms the source can act on; all of them when absent. */
  offers?: ConsoleOffers;
}
