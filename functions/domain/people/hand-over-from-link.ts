import type { LinkState } from '../action-link-flow.ts';
import { resolveLink } from '../action-link-flow.ts';
import { assertAllowed } from '../authority/refused-error.ts';
import type { Dependencies } from '../dependencies.ts';
import { type HandOverResult, handOverStep } from './hand-over-step.ts';

/**
 * The holder of a staff step hands it over from its own page: the action link is the credential, and
 * the policy decides (the step must still be theirs, and provider steps stay with the provider's
 * people). Returns the link's state instead when the step is no longer open.
 */
export async function handOverFromLink(
  deps: Dependencies,
  request: { linkId: string; fields: unknown },
): Promise<
  | { kind: 'moved'; result: HandOverResult }
  | { kind: 'not-open'; state: Exclude<LinkState, { kind: 'open' }> }
> {
  const state = await resolveLink(deps, request.linkId);
  if (state.kind !== 'open') return { kind: 'not-open', state };
  assertMayHandOver(deps, state);
  const result = await handOverStep(deps, {
    onboardingId: state.wait.onboardingId,
    waitKey: state.wait.waitKey,
    fields: request.fields,
    by: state.link.recipient,
    from: state.link.recipient,
  });
  return { kind: 'moved', result };
}

/** The policy's "hand over" for a step link (refused for provider steps and for former holders). */
export function assertMayHandOver(
  deps: Pick<Dependencies, 'config'>,
  state: Extract<LinkState, { kind: 'open' }>,
): void {
  assertAllowed(deps.config, {
    credential: 'step-link',
    holder: state.link.recipient,
    action: 'hand-over-step',
    onboarding: state.onboarding,
    wait: state.wait,
    linkRole: state.link.role,
  });
}
