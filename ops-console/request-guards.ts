import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { UserFacingError } from '../functions/domain/errors.ts';
import { securityHeaders } from '../functions/http/page-headers.ts';

/**
 * What every console request passes before any work: a loopback host, a same-origin POST with the
 * runtime's token, a small urlencoded body; and the headers every console answer carries.
 */

const MAX_BODY = 16 * 1024;
export const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** CSP with a nonce for the page's one style element and its refresh script; never framed, never cached. */
export function opsHeaders(nonce: string): Record<string, string> {
  return securityHeaders({
    script: `'nonce-${nonce}'`,
    style: `'nonce-${nonce}'`,
    connectSelf: true,
    sameOriginResources: true,
  });
}

export function hostOf(host: string | undefined): string {
  if (!host) return '';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
}

/** Browsers say where a POST came from; anything but this origin (or no browser at all) is refused. */
export function sameOrigin(request: IncomingMessage): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return site === 'same-origin' || origin === undefined;
  try {
    const url = new URL(origin);
    return (
      LOOPBACK_HOSTS.has(url.hostname === '::1' ? '[::1]' : url.hostname) && url.host === request.headers.host
    );
  } catch {
    return false;
  }
}

export function tokenMatches(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new UserFacingError('The form is too large.', 413);
    chunks.push(chunk as Buffer);
  }
  if (type !== 'application/x-www-form-urlencoded')
    throw new UserFacingError('Send the form from the page.', 415);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
