import type { Decision, DecisionOutput } from './model.ts';

/**
 * The SendTaskSuccess output: only what the state machine routes on, plus the reason for the next
 * person. Everything else stays in DynamoDB, out of the execution history.
 */
export function decisionOutput(stage: string, decision: Decision): DecisionOutput {
  const output: DecisionOutput = { outcome: decision.outcome };
  if (stage === 'publication-request' && Array.isArray(decision.fields.products)) {
    output.products = decision.fields.products.map((name) => ({
      name: String(name),
      startAt: 'technical-integration',
      // Every Map item carries its own `$.step` (empty: a first entry; a resume fills it in).
      step: {},
    }));
  }
  const sendBackTo = decision.fields.sendBackTo;
  if (sendBackTo === 'content' || sendBackTo === 'integration') output.sendBackTo = sendBackTo;
  if (decision.reason) output.reason = decision.reason;
  return output;
}
