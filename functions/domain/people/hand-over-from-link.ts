import type { LinkState } from '../action-link-flow.ts';
import { resolveLinkToAct } from '../action-link-flow.ts';
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
  const state = await resolveLinkToAct(deps, request.linkId, 'hand-over-step');
  if (state.kind !== 'open') return { kind: 'not-open', state };
  const result = await handOverStep(deps, {
    onboardingId: state.wait.onboardingId,
    waitKey: state.wait.waitKey,
    fields: request.fields,
    by: state.link.recipient,
    from: state.link.recipient,
  });
  return { kind: 'moved', result };
}
