import type { Resources } from '../checklist/resources.ts';
import { html, safeUrl } from './html.ts';
import { renderDocument } from './layout.ts';

/**
 * After "send me a new link" or "email me the link": the link goes to the address on file. The page
 * is the same whether an email was sent or held back by the request limits, so it never tells a
 * stranger anything about the step, and a person who clicks twice is not alarmed.
 */
export function renderRenewSentPage(view: { resources: Resources }): string {
  const contact = view.resources.contactEmail;
  const body = html`<h1>Check your email</h1>
<p>We have just sent a link to the address this step was sent to. It replaces any expired one.</p>
<p>It can take a few minutes to arrive; check your spam or junk folder too. If it does not arrive, write to <a href="${safeUrl(`mailto:${contact}`)}">${contact}</a>.</p>`;
  return renderDocument({ title: 'Check your email', body, resources: view.resources });
}
