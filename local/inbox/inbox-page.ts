import { html, type SafeHtml, safeUrl } from '../../functions/pages/html.ts';
import { localTime } from '../../ops-console/ops-words.ts';
import { actionLinkIn, type InboxEmail } from '../inbox-client.ts';
import type { InboxView } from './inbox-data.ts';

/** The inbox body: the filter, then every email newest first, each shown as it would arrive. */
export function inboxBody(view: InboxView, textView: boolean): SafeHtml {
  const { filter } = view;
  const query = (changes: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    const merged = {
      to: filter.to,
      onboarding: filter.onboarding,
      view: textView ? 'text' : undefined,
      ...changes,
    };
    for (const [key, value] of Object.entries(merged)) if (value) params.set(key, value);
    const text = params.toString();
    return text ? `/inbox?${text}` : '/inbox';
  };
  return html`<h1>Inbox</h1>
<p>Every email the local system sent, newest first, as the people it went to see it. Links work: follow one to act as that person.</p>
<form class="inbox-filter" method="get" action="/inbox">
<div class="field"><label for="filter-to">Recipient</label>
<select id="filter-to" name="to"><option value="">Everyone</option>${view.recipients.map(
    (address) =>
      html`<option value="${address}"${address === filter.to && html` selected`}>${address}</option>`,
  )}</select></div>
<div class="field"><label for="filter-onboarding">Onboarding</label>
<select id="filter-onboarding" name="onboarding"><option value="">All onboardings</option>${view.onboardings.map(
    (onboarding) =>
      html`<option value="${onboarding.id}"${onboarding.id === filter.onboarding && html` selected`}>${onboarding.company} (${onboarding.id})</option>`,
  )}</select></div>
${textView && html`<input type="hidden" name="view" value="text">`}
<button type="submit" class="button">Show</button>
</form>
<p><a href="${safeUrl(query({ view: textView ? undefined : 'text' }))}">${textView ? 'Show the HTML versions' : 'Show the text versions'}</a> · <a href="/inbox">Clear the filter</a></p>
<div id="live" data-newest="${view.emails[0]?.messageId ?? ''}">
<p class="live-status" id="live-status" role="status">${view.emails.length === 1 ? '1 email' : `${view.emails.length} emails`}.</p>
${view.emails.map((email, index) => emailItem(email, index, textView, query))}
</div>`;
}

function emailItem(
  email: InboxEmail,
  index: number,
  textView: boolean,
  query: (changes: Record<string, string | undefined>) => string,
): SafeHtml {
  const action = actionLinkIn(email);
  const headingId = `email-${index}`;
  return html`<article class="email" aria-labelledby="${headingId}">
<h2 id="${headingId}">${email.subject}</h2>
<dl class="facts compact">
<dt>To</dt><dd>${email.to.map((address, i) => html`${i > 0 && ', '}<a href="${safeUrl(query({ to: address }))}">${address}</a>`)}</dd>
${email.cc.length > 0 && html`<dt>Cc</dt><dd>${email.cc.join(', ')}</dd>`}
<dt>From</dt><dd>${email.from}</dd>
<dt>Sent</dt><dd><time datetime="${new Date(email.at * 1000).toISOString()}">${localTime(new Date(email.at * 1000).toISOString())}</time></dd>
${action && html`<dt>Action link</dt><dd><a href="${safeUrl(action)}">Open the step as ${email.to[0] ?? 'the recipient'}</a></dd>`}
</dl>
${
  textView || email.html === ''
    ? html`<pre class="email-text">${email.text}</pre>`
    : html`<iframe class="email-frame" title="${email.subject}" src="/inbox/emails/${encodeURIComponent(email.messageId)}" sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"></iframe>`
}
</article>`;
}

export const INBOX_CSS = `
.inbox-filter { display: flex; flex-wrap: wrap; gap: 0 1rem; align-items: flex-end; }
.inbox-filter .field { flex: 1 1 14rem; margin-bottom: 1rem; }
.inbox-filter .button { margin-bottom: 1rem; }
.email { margin: 0 0 2rem; padding: 1rem; border: 1px solid #c6cace; border-radius: 4px; }
.email h2 { margin-top: 0; overflow-wrap: anywhere; }
.email-frame { display: block; width: 100%; height: 36rem; border: 1px solid #c6cace; background: #f3f4f6; }
.email-text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; padding: 1rem; background: #f3f4f6; font-size: 0.9375rem; }
`;
