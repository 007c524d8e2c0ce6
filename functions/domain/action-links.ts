import { createHash, randomBytes } from 'node:crypto';
import { ONBOARDING_ID } from './onboarding-ids.ts';

/**
 * Action links carry a 256-bit random secret, never the task token. Only the SHA-256 of the whole
 * id is stored, so a leaked table backup cannot be turned into working links.
 *
 * An id is the onboarding's id followed by the 43-character secret: the link is stored with its
 * onboarding (in the onboarding's partition), so opening or using it reads the link, the onboarding
 * and its waits in one Query. The onboarding's id is not a secret (it names the company in the ops
 * console); the secret alone makes the link work. Ids minted before links moved there are the bare
 * secret, and are still read from where they were stored.
 */
const SECRET_LENGTH = 43;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export function mintLinkId(onboardingId: string): string {
  return `${onboardingId}${mintSecretId()}`;
}

/** A bare 256-bit secret id: page links and invitations (each stored on its own under its hash). */
export function mintSecretId(): string {
  return randomBytes(32).toString('base64url');
}

export function isWellFormedSecretId(candidate: string): boolean {
  return SECRET.test(candidate);
}

/** Where a link id says its link is stored: with an onboarding, or (older ids) on its own. */
export type LinkHome = { kind: 'onboarding'; onboardingId: string } | { kind: 'own' };

/** The home a well-formed id names, or undefined for anything that is not a link id. */
export function linkHomeOf(candidate: string): LinkHome | undefined {
  if (!isWellFormedSecretId(candidate.slice(-SECRET_LENGTH))) return undefined;
  if (candidate.length === SECRET_LENGTH) return { kind: 'own' };
  const onboardingId = candidate.slice(0, -SECRET_LENGTH);
  return ONBOARDING_ID.test(onboardingId) ? { kind: 'onboarding', onboardingId } : undefined;
}

export function isWellFormedLinkId(candidate: string): boolean {
  return linkHomeOf(candidate) !== undefined;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function actionUrl(publicBaseUrl: string, linkId: string): string {
  return `${publicBaseUrl}/a/${linkId}`;
}
