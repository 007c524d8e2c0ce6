import type { LinkState } from '../action-link-flow.ts';
import { resolveLink } from '../action-link-flow.ts';
import type { Dependencies } from '../dependencies.ts';
import { ForbiddenError } from '../errors.ts';
import { type HandOverResult, handOverStep } from './hand-over-step.ts';

/**
 * The holder of a staff step hands it over from its own page: the action link is the credential, the
 * step must still be theirs, and provider steps stay with the provider (whose colleagues join through
 * the team). Returns the link's state instead when the step is no longer open.
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
  assertStaffStep(state);
  const result = await handOverStep(deps, {
    onboardingId: state.wait.onboardingId,
    waitKey: state.wait.waitKey,
    fields: request.fields,
    by: state.link.recipient,
    from: state.link.recipient,
  });
  return { kind: 'moved', result };
}

export function assertStaffStep(state: Extract<LinkState, { kind: 'open' }>): void {
  if (state.wait.role === 'provider' || state.link.role !== state.wait.role) {
    throw new ForbiddenError(
      'Provider steps cannot be handed over from their page: your marketplace contact can add a colleague to your team, or change the contact.',
    );
  }
}
