import type { Resources } from '../checklist/resources.ts';
import { html } from './html.ts';
import { renderDocument } from './layout.ts';

/** After "send me a new link": the new link went to the address on file, so say where to look. */
export function renderRenewSentPage(view: { resources: Resources }): string {
  const body = html`<h1>Check your email</h1>
<p>We sent a new link to the address this step was sent to. It replaces the expired one.</p>
<p>It can take a few minutes to arrive. If you cannot find it, check your spam or junk folder.</p>`;
  return renderDocument({ title: 'Check your email', body, resources: view.resources });
}
