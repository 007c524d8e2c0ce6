import type { Resources } from '../checklist/resources.ts';
import { html, safeUrl } from './html.ts';
import { renderDocument } from './layout.ts';

export interface MessagePageView {
  title: string;
  message: string;
  /** HTTP status the page is sent with; shown as a reference for support. */
  status: number;
  resources?: Resources;
  /** The way on (e.g. back to the checklist), when there is one. */
  backUrl?: string;
  backLabel?: string;
}

/** A page with one message: link not found, step closed, method not allowed, something went wrong. */
export function renderMessagePage(view: MessagePageView): string {
  const body = html`<h1>${view.title}</h1>
<p>${view.message}</p>
${view.backUrl && html`<p><a href="${safeUrl(view.backUrl)}">${view.backLabel ?? 'Back'}</a></p>`}
${view.status >= 400 && html`<p class="notice">Reference: HTTP status ${view.status}.</p>`}`;
  return renderDocument({ title: view.title, body, resources: view.resources });
}
