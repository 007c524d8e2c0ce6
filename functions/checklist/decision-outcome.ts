import type { Outcome } from '../domain/model.ts';
import type { FormKind } from './stages.ts';

// Apart from the forms' schemas: recording a decision needs the outcome on every path, and zod only
// where it validates fields, so this module must not bring zod into a function's cold start.

const OUTCOME_BY_CHOICE: Record<string, Outcome> = {
  approve: 'approved',
  'send-back': 'changes-requested',
  'request-changes': 'changes-requested',
  resubmit: 'submitted',
  withdraw: 'withdrawn',
};

/** The outcome the state machine routes on; forms without a `decision` field submit (or, for credit, approve). */
export function outcomeOf(kind: FormKind, fields: Record<string, unknown>): Outcome {
  const choice = fields.decision;
  if (typeof choice === 'string') {
    const outcome = OUTCOME_BY_CHOICE[choice];
    if (outcome) return outcome;
  }
  return kind === 'credit-applied' ? 'approved' : 'submitted';
}
