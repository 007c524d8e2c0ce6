import { createHash, randomBytes } from 'node:crypto';

/**
 * Action links carry a 256-bit random id, never the task token. Only its SHA-256 is stored, so a
 * leaked table backup cannot be turned into working links.
 */
const LINK_ID = /^[A-Za-z0-9_-]{43}$/;

export function mintLinkId(): string {
  return randomBytes(32).toString('base64url');
}

export function isWellFormedLinkId(candidate: string): boolean {
  return LINK_ID.test(candidate);
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function actionUrl(publicBaseUrl: string, linkId: string): string {
  return `${publicBaseUrl}/a/${linkId}`;
}
