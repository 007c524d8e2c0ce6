import { isWellFormedSecretId, mintSecretId, sha256Hex } from './action-links.ts';
import type { Dependencies } from './dependencies.ts';
import { NotFoundError } from './errors.ts';
import type { ViewLink } from './model.ts';

/**
 * Links to the read-only pages: the provider's checklist (`/p/<id>`) and the queue of everything
 * waiting on one rep or team mailbox (`/r/<id>`). Like action links they carry a 256-bit random id
 * and only its SHA-256 is stored; every email mints a fresh one, so none needs to live longer than
 * an action link. Opening one changes nothing.
 */
export type ViewKind = ViewLink['view'];

const PATH_OF: Record<ViewKind, string> = { checklist: 'p', queue: 'r' };

export function viewUrl(publicBaseUrl: string, view: ViewKind, linkId: string): string {
  return `${publicBaseUrl}/${PATH_OF[view]}/${linkId}`;
}

export type ViewLinkRequest =
  | { view: 'checklist'; onboardingId: string; recipient: string; opensSteps: boolean }
  | { view: 'queue'; recipient: string; opensSteps: boolean };

/** Stores a fresh view link and returns its URL, for an email to `recipient`. */
export async function mintViewLink(
  deps: Pick<Dependencies, 'store' | 'config' | 'clock'>,
  request: ViewLinkRequest,
): Promise<string> {
  const { link, url } = newViewLink(deps, request);
  await deps.store.putViewLink(link);
  return url;
}

/** A fresh view link and its URL, not yet stored: for a caller that writes it with other records. */
export function newViewLink(
  deps: Pick<Dependencies, 'config' | 'clock'>,
  request: ViewLinkRequest,
): { link: ViewLink; url: string } {
  const now = deps.clock();
  const linkId = mintSecretId();
  const link: ViewLink = {
    idHash: sha256Hex(linkId),
    view: request.view,
    onboardingId: request.view === 'checklist' ? request.onboardingId : undefined,
    recipient: request.recipient,
    opensSteps: request.opensSteps,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.config.linkTtlSeconds * 1000).toISOString(),
  };
  return { link, url: viewUrl(deps.config.publicBaseUrl, request.view, linkId) };
}

export type ViewLinkState = { kind: 'valid'; link: ViewLink } | { kind: 'expired'; link: ViewLink };

const UNKNOWN_LINK =
  'This link is not valid. Check that you copied the whole address from the email, or open the link in our most recent email.';

/** Reads a view link. A link of the other kind (a queue id under /p/) is unknown, not a redirect. */
export async function resolveViewLink(
  deps: Pick<Dependencies, 'store' | 'clock'>,
  view: ViewKind,
  linkId: string,
): Promise<ViewLinkState> {
  if (!isWellFormedSecretId(linkId)) throw new NotFoundError(UNKNOWN_LINK);
  const link = await deps.store.getViewLink(sha256Hex(linkId));
  if (!link || link.view !== view) throw new NotFoundError(UNKNOWN_LINK);
  if (Date.parse(link.expiresAt) <= deps.clock().getTime()) return { kind: 'expired', link };
  return { kind: 'valid', link };
}
