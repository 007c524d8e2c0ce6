import { renderAgreementCopyEmail } from '../emails/agreement-copy-email.ts';
import { sha256Hex } from './action-links.ts';
import type { Dependencies } from './dependencies.ts';
import type { Decision, Onboarding, Wait } from './model.ts';
import { partyOf } from './party.ts';
import { replyToFor } from './recipients.ts';
import { sendOrReport } from './send-email.ts';

/**
 * After an acceptance: the signer gets a copy of the text they accepted, with the version, time, name
 * and title. Sent to the link's holder, the person who accepted. Email never fails the step: a refused
 * send is reported like any other.
 */
export async function emailAgreementCopy(
  deps: Dependencies,
  onboarding: Onboarding,
  wait: Wait,
  decision: Decision,
): Promise<void> {
  const field = (key: string) =>
    typeof decision.fields[key] === 'string' ? (decision.fields[key] as string) : '';
  const sha256 = field('agreementSha256');
  // The acceptance was checked against today's text; a text changed since is read from the kept copy.
  const { agreementVersion, agreementText } = deps.config.resources;
  const kept =
    sha256Hex(agreementText) === sha256
      ? { version: agreementVersion, text: agreementText }
      : await deps.store.getAgreementText(sha256);
  if (!kept) throw new Error(`No agreement text is kept for the acceptance of ${onboarding.id}`);
  const signer = decision.actor.via === 'link' ? decision.actor.id : wait.recipient;
  const email = renderAgreementCopyEmail({
    party: partyOf(onboarding),
    version: kept.version,
    signerName: field('signerName'),
    signerTitle: field('signerTitle'),
    acceptedAt: decision.at,
    sha256,
    text: kept.text,
    resources: deps.config.resources,
  });
  await sendOrReport(
    deps,
    onboarding,
    { to: [signer], replyTo: replyToFor(wait.role, onboarding, deps.config), ...email },
    { stage: wait.stage },
  );
}

/**
 * Once per acceptance (only the request whose decision was written gets here); the acceptance stands
 * whatever happens to the email, so a failure is logged, never thrown at the person who accepted.
 */
export async function sendAgreementCopy(
  deps: Dependencies,
  onboarding: Onboarding,
  wait: Wait,
): Promise<void> {
  if (!wait.decision) return;
  try {
    await emailAgreementCopy(deps, onboarding, wait, wait.decision);
  } catch (error) {
    deps.logger.error('The copy of the accepted agreement could not be emailed', {
      onboardingId: wait.onboardingId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
