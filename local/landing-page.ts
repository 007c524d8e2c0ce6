import type { IncomingMessage, ServerResponse } from 'node:http';
import { PAGE_HEADERS } from '../functions/http/page-headers.ts';
import { html, safeUrl } from '../functions/pages/html.ts';
import { renderDocument } from '../functions/pages/layout.ts';

/** `/`: where everything is, for a newcomer who opened the printed URL. */
export function landingPage(links: { inboxUrl: string; sesUrl: string; sfnUrl: string }) {
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    if (request.url !== '/' || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
    const body = renderDocument({
      title: 'Local onboarding system',
      body: html`<h1>Marketplace onboarding, running locally</h1>
<p>Everything here runs on this machine: no AWS account is involved.</p>
<ul>
<li><a href="${safeUrl(links.inboxUrl)}">Inbox</a>: every email the system sends, newest first, as its people see it; filter by recipient or onboarding, follow the action links.</li>
<li><a href="/ops">Ops console</a>: onboardings by stage, search, each one's timeline, emails and state machine; start, resend a link, stop.</li>
<li>Step Functions API: <code>${links.sfnUrl}</code> (any AWS SDK or the AWS CLI with <code>--endpoint-url</code>).</li>
<li>The SES stand-in itself: <code>${links.sesUrl}</code> (its own viewer, and <code>GET /store</code> for scripts).</li>
</ul>
<h2>Start an onboarding</h2>
<pre class="command">npm run onboarding -- start --local --company "Acme Software" \
  --contact-name "Ada Lovelace" --contact-email ada@acme.example \
  --rep-email rep@marketplace.example</pre>
<p>or let <code>npm run demo</code> play every person's part.</p>`,
    });
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...PAGE_HEADERS });
    response.end(request.method === 'HEAD' ? undefined : body);
    return true;
  };
}
