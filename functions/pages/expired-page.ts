import type { Resources } from '../checklist/resources.ts';
import type { StageDefinition } from '../checklist/stages.ts';
import { stepLabel } from './format.ts';
import { html, safeUrl } from './html.ts';
import { renderDocument } from './layout.ts';

export interface ExpiredPageView {
  stage: StageDefinition;
  resources: Resources;
  /** Where the "send me a new link" form POSTs. */
  renewUrl: string;
}

/**
 * An expired link offers a new one. The request carries no address: the new link goes to the
 * address on file for the step, so this button cannot be used to send links anywhere else.
 */
export function renderExpiredPage(view: ExpiredPageView): string {
  const { stage, resources } = view;
  const body = html`<p class="caption">${stepLabel(stage)}, ${stage.title}</p>
<h1>This link has expired</h1>
<p>The link you followed for ${stepLabel(stage)}, ${stage.title}, is no longer valid, but the step may still need you.</p>
<p>We can email you a new link. It goes to the address this step was sent to, never to any other address.</p>
<form action="${safeUrl(view.renewUrl)}" method="post" enctype="application/x-www-form-urlencoded">
<button type="submit" class="button">Email me a new link</button>
</form>
<p class="notice">Not the right person, or no longer use that mailbox? Write to us at the address below and we will sort it out.</p>`;
  return renderDocument({ title: 'This link has expired', body, resources });
}
