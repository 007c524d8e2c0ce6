import { stageDefinition } from '../checklist/stages.ts';
import type { LinkState } from '../domain/action-link-flow.ts';
import { publicName } from '../domain/authority/public-name.ts';
import type { Dependencies } from '../domain/dependencies.ts';
import type { Onboarding, Wait } from '../domain/model.ts';
import { partyOf } from '../domain/party.ts';
import type { DonePageView } from '../pages/index.ts';

/** What the action page shows for an open link: the stage, the facts it needs, the deadline. */
export function actionPageView(
  deps: Pick<Dependencies, 'config' | 'clock'>,
  state: Extract<LinkState, { kind: 'open' }>,
) {
  return {
    party: partyOf(state.onboarding),
    stage: stageDefinition(state.wait.stage),
    product: state.wait.product,
    recipientRole: state.wait.role,
    deadline: state.wait.deadline,
    now: deps.clock().toISOString(),
    feedback: state.feedback,
    facts: {
      products: state.facts.products,
      alias: state.facts.alias,
      agreementVersion: deps.config.resources.agreementVersion,
    },
    resources: deps.config.resources,
    opsEmail: deps.config.teams.ops,
  };
}

/** "Thank you — recorded" (justNow) or "Already done by X at T", in the brand's frame. */
export function donePageView(
  deps: Pick<Dependencies, 'config'>,
  wait: Wait,
  onboarding: Onboarding,
  justNow: boolean,
): DonePageView {
  return {
    party: partyOf(onboarding),
    stage: stageDefinition(wait.stage),
    product: wait.product,
    decidedBy: publicName(wait.decision?.actor.id),
    decidedAt: wait.decision?.at ?? wait.enteredAt,
    outcome: wait.decision?.outcome ?? 'submitted',
    fields: wait.decision?.fields,
    recipientRole: wait.role,
    justNow,
    resources: deps.config.resources,
    opsEmail: deps.config.teams.ops,
  };
}
