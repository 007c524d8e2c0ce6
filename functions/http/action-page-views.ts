import { stageDefinition } from '../checklist/stages.ts';
import type { LinkState } from '../domain/action-link-flow.ts';
import type { Dependencies } from '../domain/dependencies.ts';
import type { Onboarding, Wait } from '../domain/model.ts';
import { partyOf } from '../domain/party.ts';

/** What the action page shows for an open link: the stage, the facts it needs, the deadline. */
export function actionPageView(
  deps: Pick<Dependencies, 'config'>,
  state: Extract<LinkState, { kind: 'open' }>,
) {
  return {
    party: partyOf(state.onboarding),
    stage: stageDefinition(state.wait.stage),
    product: state.wait.product,
    recipientRole: state.wait.role,
    deadline: state.wait.deadline,
    feedback: state.feedback,
    facts: {
      products: state.facts.products,
      alias: state.facts.alias,
      agreementVersion: deps.config.resources.agreementVersion,
    },
    resources: deps.config.resources,
  };
}

/** "Thank you — recorded" (justNow) or "Already done by X at T". */
export function donePageView(wait: Wait, onboarding: Onboarding, justNow: boolean) {
  return {
    party: partyOf(onboarding),
    stage: stageDefinition(wait.stage),
    product: wait.product,
    decidedBy: wait.decision?.actor.id ?? 'someone',
    decidedAt: wait.decision?.at ?? wait.enteredAt,
    outcome: wait.decision?.outcome ?? 'submitted',
    justNow,
  };
}
