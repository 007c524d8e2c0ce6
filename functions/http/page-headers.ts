import { createHash } from 'node:crypto';
import { PAGE_CSS } from '../pages/index.ts';

const styleHash = createHash('sha256').update(PAGE_CSS).digest('base64');

/**
 * Headers on every page: no script at all, only our own stylesheet (by hash), forms post only to
 * us, never framed, no referrer (the URL is a credential), never cached (action pages change).
 */
export const PAGE_HEADERS: Record<string, string> = {
  'content-security-policy': [
    "default-src 'none'",
    `style-src 'sha256-${styleHash}'`,
    "img-src 'self' data:",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; '),
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'cross-origin-opener-policy': 'same-origin',
};
