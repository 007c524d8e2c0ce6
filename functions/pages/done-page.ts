import type { Resources } from '../checklist/resources.ts';
import type { Role, StageDefinition } from '../checklist/stages.ts';
import type { EmailParty } from '../emails/types.ts';
import { formatDateTime, stepLabel } from './format.ts';
import { html, safeUrl } from './html.ts';
import { renderDocument } from './layout.ts';
import { onwardsForm } from './onwards-form.ts';
import { outcomeWords, submittedSummary } from './submitted-summary.ts';
import { whatHappensNext } from './what-next.ts';

export interface DonePageView {
  party: EmailParty;
  stage: StageDefinition;
  product?: string;
  /** Who recorded the decision (an email address or a callback API principal). */
  decidedBy: string;
  /** ISO time of the decision. */
  decidedAt: string;
  /** The recorded outcome, e.g. "approved"; shown in the form's own words. */
  outcome: string;
  /** The recorded answer, repeated back to the person (validated fields). */
  fields?: Record<string, unknown>;
  /** Who the link was for: what happens next is told in their words. */
  recipientRole?: Role;
  /** True right after this person's own POST; false when the link is opened again later. */
  justNow: boolean;
  /** Back to the checklist (provider) or the queue (staff): a fresh link minted with the answer. */
  overviewUrl?: string;
  /** Without one: where the page's "Go to…" button POSTs to have a fresh one minted (the link itself). */
  onwardsAction?: string;
  resources?: Resources;
  /** Operations' address, in the footer of staff pages. */
  opsEmail?: string;
}

/** After a decision: "Thank you — recorded" with what was recorded and what comes next, or "Already done by X at T". */
export function renderDonePage(view: DonePageView): string {
  const { party, stage, product } = view;
  const step = `${stepLabel(stage)}, ${stage.title}${product ? `: ${product}` : ''}`;
  const when = formatDateTime(view.decidedAt);
  const fields = view.fields ?? {};
  const heading = view.justNow ? 'Thank you — your answer is recorded' : 'This step is already done';
  const rows = view.justNow && stage.form ? submittedSummary(stage.form, fields) : [];
  const next = whatHappensNext(stage.key, fields, view.recipientRole ?? 'provider');
  const overview =
    view.recipientRole === 'provider' ? 'your onboarding checklist' : 'everything waiting on you';
  const body = html`<p class="caption">${stepLabel(stage)} · ${party.company}</p>
<h1>${heading}</h1>
<p>${
    view.justNow
      ? `We recorded your answer for ${step}.`
      : `${step} was already done by ${view.decidedBy} on ${when}, so nothing was changed.`
  }</p>
<dl class="facts">
<dt>Outcome</dt><dd>${outcomeWords(stage.form, fields, view.outcome)}</dd>
${rows.map(([label, value]) => html`<dt>${label}</dt><dd class="reason">${value}</dd>`)}
<dt>Recorded by</dt><dd>${view.decidedBy}</dd>
<dt>Recorded at</dt><dd><time datetime="${view.decidedAt}">${when}</time></dd>
</dl>
${view.justNow && html`<h2>What happens next</h2><p>${next.text}</p>`}
${
  view.overviewUrl
    ? html`<p><a class="button" href="${safeUrl(view.overviewUrl)}">${view.justNow && next.sameReader ? 'Continue to your next step' : `Go to ${overview}`}</a></p>`
    : view.onwardsAction && onwardsForm(view.onwardsAction, `Go to ${overview}`)
}`;
  return renderDocument({
    title: heading,
    body,
    resources: view.resources,
    staffContact: view.recipientRole === 'provider' ? undefined : view.opsEmail,
  });
}
