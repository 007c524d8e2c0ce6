import { ROLE_LABELS } from '../checklist/stages.ts';
import { assertAllowed } from './authority/refused-error.ts';
import type { Dependencies } from './dependencies.ts';
import { ForbiddenError } from './errors.ts';
import type { Onboarding, StepClaim, Wait } from './model.ts';
import { parseInput } from './parse-input.ts';
import { resolveViewLink } from './view-links.ts';

export type ClaimOutcome =
  | { kind: 'claimed'; company: string; claim: StepClaim; replaced?: StepClaim }
  /** That name already holds it (a double click): nothing written again. */
  | { kind: 'unchanged'; company: string }
  /** Decided, closed or moved on meanwhile: there is nothing to be on any more. */
  | { kind: 'not-pending'; company: string }
  | { kind: 'expired' };

export type ReleaseOutcome =
  | { kind: 'released'; company: string; claim: StepClaim }
  /** Released or taken over already (a double click, a colleague, a decision): nothing to do. */
  | { kind: 'unchanged'; company: string }
  | { kind: 'expired' };

/** "Ana from the Platform Enablement team is on it": how a claim reads to the team and on the checklist. */
export function claimWords(claim: Pick<StepClaim, 'name'>, wait: Pick<Wait, 'role'>): string {
  return `${claim.name} from the ${ROLE_LABELS[wait.role]} is on it`;
}

/**
 * "I'm on it" from a team mailbox's queue page (`POST /r/<id>/claim`). A queue link belongs to the
 * mailbox, not to one person, so the member types their name; it is shown to the rest of the team
 * and to the provider, and audited with the mailbox it came from. It gives no power: anyone holding
 * the step may still decide it, and another member's claim replaces it.
 */
export async function claimStep(
  deps: Dependencies,
  request: { linkId: string; fields: unknown },
): Promise<ClaimOutcome> {
  const state = await resolveViewLink(deps, 'queue', request.linkId);
  if (state.kind === 'expired') return { kind: 'expired' };
  const which = await parseInput('queueStep', request.fields, 'Nobody was marked as on it');
  const { onboarding, wait } = await stepOf(deps, which.onboarding, which.wait);
  assertAllowed(deps.config, {
    credential: 'queue',
    holder: state.link.recipient,
    action: 'claim-step',
    onboarding,
    wait,
  });
  const fields = await parseInput('claim', request.fields, 'Nobody was marked as on it');
  const claim: StepClaim = { name: fields.name, at: deps.clock().toISOString(), via: wait.recipient };
  const result = await deps.store.claimWait(onboarding.id, wait.waitKey, claim);
  if (result.kind !== 'claimed') return { kind: result.kind, company: onboarding.company };
  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: 'step-claimed',
    at: claim.at,
    stage: wait.stage,
    product: wait.product,
    actor: wait.recipient,
    detail: `${claimWords(claim, wait)}${result.replaced ? ` (in place of ${result.replaced.name})` : ''}`,
  });
  return { kind: 'claimed', company: onboarding.company, claim, replaced: result.replaced };
}

/** Lets go of a claim from the team mailbox's queue page (`POST /r/<id>/release`). */
export async function releaseClaim(
  deps: Dependencies,
  request: { linkId: string; fields: unknown },
): Promise<ReleaseOutcome> {
  const state = await resolveViewLink(deps, 'queue', request.linkId);
  if (state.kind === 'expired') return { kind: 'expired' };
  const which = await parseInput('queueStep', request.fields, 'Nothing was released');
  const { onboarding, wait } = await stepOf(deps, which.onboarding, which.wait);
  assertAllowed(deps.config, {
    credential: 'queue',
    holder: state.link.recipient,
    action: 'release-claim',
    onboarding,
    wait,
  });
  const fields = await parseInput('release', request.fields, 'Nothing was released');
  const result = await deps.store.releaseClaim(onboarding.id, wait.waitKey, fields.claimedAt);
  if (result.kind !== 'released') return { kind: 'unchanged', company: onboarding.company };
  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: 'claim-released',
    at: deps.clock().toISOString(),
    stage: wait.stage,
    product: wait.product,
    actor: wait.recipient,
    detail: `${result.claim.name} is no longer on it`,
  });
  return { kind: 'released', company: onboarding.company, claim: result.claim };
}

async function stepOf(
  deps: Pick<Dependencies, 'store'>,
  onboardingId: string,
  waitKey: string,
): Promise<{ onboarding: Onboarding; wait: Wait }> {
  const [onboarding, wait] = await Promise.all([
    deps.store.getOnboarding(onboardingId),
    deps.store.getWait(onboardingId, waitKey),
  ]);
  if (!onboarding || !wait)
    throw new ForbiddenError('This page cannot change that step. Use the buttons on your queue page.');
  return { onboarding, wait };
}
