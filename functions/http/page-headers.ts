import { createHash } from 'node:crypto';
import { PAGE_CSS } from '../pages/index.ts';

const styleHash = createHash('sha256').update(PAGE_CSS).digest('base64');

/**
 * Headers for a page: only the script and style sources named (nothing else runs), forms post only
 * to us, never framed, no referrer (page URLs are credentials), never cached (pages change).
 */
export function securityHeaders(sources: {
  style: string;
  script?: string;
  /** Pages that fetch from their own origin (the ops console's refresh). */
  connectSelf?: boolean;
  /** HTTPS only; not for the local runtime, which serves plain HTTP on loopback. */
  strictTransport?: boolean;
  sameOriginResources?: boolean;
}): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'none'",
      ...(sources.script ? [`script-src ${sources.script}`] : []),
      `style-src ${sources.style}`,
      "img-src 'self' data:",
      ...(sources.connectSelf ? ["connect-src 'self'"] : []),
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    ...(sources.strictTransport
      ? { 'strict-transport-security': 'max-age=63072000; includeSubDomains' }
      : {}),
    'cross-origin-opener-policy': 'same-origin',
    ...(sources.sameOriginResources ? { 'cross-origin-resource-policy': 'same-origin' } : {}),
  };
}

/** Every product page: no script at all, and only our own stylesheet, by hash. */
export const PAGE_HEADERS = securityHeaders({ style: `'sha256-${styleHash}'`, strictTransport: true });
