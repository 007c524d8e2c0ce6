import type { Resources } from '../checklist/resources.ts';
import { html, safeUrl } from './html.ts';
import { renderDocument } from './layout.ts';
import { onwardsForm } from './onwards-form.ts';

export interface MessagePageView {
  title: string;
  message: string;
  /** HTTP status the page is sent with (for the response only: a person's page never shows it). */
  status: number;
  resources?: Resources;
  /** The way on (e.g. back to the checklist), when there is one. */
  backUrl?: string;
  backLabel?: string;
  /** Or a button that POSTs here for the way on (see `onwardsForm`). */
  onwardsAction?: string;
}

/** A page with one message: link not found, step closed, method not allowed, something went wrong. */
export function renderMessagePage(view: MessagePageView): string {
  const body = html`<h1>${view.title}</h1>
<p>${view.message}</p>
${view.backUrl && html`<p><a class="button" href="${safeUrl(view.backUrl)}">${view.backLabel ?? 'Back'}</a></p>`}
${view.onwardsAction && onwardsForm(view.onwardsAction, view.backLabel ?? 'Go to your checklist')}`;
  return renderDocument({ title: view.title, body, resources: view.resources });
}
