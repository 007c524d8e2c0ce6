import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OnboardingStore } from '../../functions/domain/ports.ts';
import { securityHeaders } from '../../functions/http/page-headers.ts';
import { html } from '../../functions/pages/html.ts';
import { renderOpsDocument } from '../../ops-console/ops-layout.ts';
import { failedPart, failedPartSentence } from '../failed-part.ts';
import { readInbox } from '../inbox-client.ts';
import { hostNameOf, LOOPBACK_HOST_NAMES } from '../loopback-guard.mjs';
import { inboxView } from './inbox-data.ts';
import { INBOX_CSS, inboxBody } from './inbox-page.ts';

/**
 * `/inbox`: the local runtime's own inbox, over the SES stand-in's store. Read-only, loopback only,
 * with the pages' security headers; each email's HTML is shown in a sandboxed frame served from
 * `/inbox/emails/<id>` under a policy of its own (no script, its inline styles allowed, links open
 * the top window), so an email can neither run code nor reach this page.
 */
export function inboxPages(options: { sesUrl: string; store: OnboardingStore }) {
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/inbox' && !url.pathname.startsWith('/inbox/')) return false;
    void answer(request, response, url);
    return true;
  };

  async function answer(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const method = request.method ?? 'GET';
    const nonce = randomBytes(16).toString('base64');
    const send = (status: number, headers: Record<string, string>, body: string) => {
      response.writeHead(status, headers);
      response.end(method === 'HEAD' ? undefined : body);
    };
    const page = (status: number, title: string, body: ReturnType<typeof html>, refresh = false) =>
      send(
        status,
        { 'content-type': 'text/html; charset=utf-8', ...pageHeaders(nonce) },
        renderOpsDocument({ title, body, nonce, refresh, section: 'Inbox', css: INBOX_CSS }),
      );

    // The web server's guard refuses a foreign Host first; this page says so again in its own words.
    if (!LOOPBACK_HOST_NAMES.has(hostNameOf(request.headers.host))) {
      page(421, 'Wrong host', html`<h1>Wrong host</h1><p>The inbox answers only on localhost.</p>`);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      page(405, 'Not allowed', html`<h1>Not allowed</h1><p>The inbox only shows emails: GET and HEAD.</p>`);
      return;
    }
    try {
      const emailPath = url.pathname.match(/^\/inbox\/emails\/([^/]+)$/);
      if (emailPath) {
        const id = decodeURIComponent(emailPath[1] ?? '');
        const email = (await readInbox(options.sesUrl)).find((candidate) => candidate.messageId === id);
        if (!email) {
          page(
            404,
            'Not found',
            html`<h1>No such email</h1><p>It was sent before the last restart, or never.</p>`,
          );
          return;
        }
        send(200, emailFrameHeaders(), withTopTarget(email.html));
        return;
      }
      if (url.pathname !== '/inbox') {
        page(404, 'Not found', html`<h1>Not found</h1><p><a href="/inbox">The inbox</a></p>`);
        return;
      }
      const filter = {
        to: url.searchParams.get('to') || undefined,
        onboarding: url.searchParams.get('onboarding') || undefined,
      };
      const view = await inboxView(options.sesUrl, options.store, filter);
      page(200, 'Inbox', inboxBody(view, url.searchParams.get('view') === 'text'), true);
    } catch (error) {
      // The store is read through the handlers' adapter (its errors name DynamoDB); the rest is SES.
      const failed = failedPart(error, 'The SES stand-in') ?? { part: 'The SES stand-in' };
      page(
        503,
        'Inbox unavailable',
        html`<h1>The inbox is not answering</h1><p>${failedPartSentence(failed)}</p>`,
      );
    }
  }
}

/** The pages' headers, plus frames from this origin (the emails). */
function pageHeaders(nonce: string): Record<string, string> {
  const headers = securityHeaders({
    script: `'nonce-${nonce}'`,
    style: `'nonce-${nonce}'`,
    connectSelf: true,
    sameOriginResources: true,
  });
  return { ...headers, 'content-security-policy': `${headers['content-security-policy']}; frame-src 'self'` };
}

/**
 * One email's HTML, for the inbox's frame only: no script, no requests but inline styles and data
 * images, sandboxed (a unique origin) even if opened on its own; framed by this origin only.
 */
function emailFrameHeaders(): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': [
      "default-src 'none'",
      "style-src 'unsafe-inline'",
      'img-src data:',
      "frame-ancestors 'self'",
      "form-action 'none'",
      'sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation',
    ].join('; '),
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'same-origin',
  };
}

/** Links in an email open in the whole window (the action page refuses to be framed), as in a mail client. */
function withTopTarget(emailHtml: string): string {
  const base = '<base target="_top">';
  return /<head[^>]*>/i.test(emailHtml)
    ? emailHtml.replace(/<head[^>]*>/i, (head) => `${head}${base}`)
    : `${base}${emailHtml}`;
}
