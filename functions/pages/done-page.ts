import type { Resources } from '../checklist/resources.ts';
import type { StageDefinition } from '../checklist/stages.ts';
import type { EmailParty } from '../emails/types.ts';
import { formatDateTime, stepLabel } from './format.ts';
import { html } from './html.ts';
import { renderDocument } from './layout.ts';

export interface DonePageView {
  party: EmailParty;
  stage: StageDefinition;
  product?: string;
  /** Who recorded the decision (an email address or a callback API principal). */
  decidedBy: string;
  /** ISO time of the decision. */
  decidedAt: string;
  /** The recorded outcome, e.g. "approved"; known outcomes are shown in words. */
  outcome: string;
  /** True right after this person's own POST; false when the link is opened again later. */
  justNow: boolean;
  resources?: Resources;
}

const OUTCOME_WORDS: Record<string, string> = {
  submitted: 'Submitted',
  approved: 'Approved',
  'changes-requested': 'Sent back for changes',
  withdrawn: 'Withdrawn',
};

/** After a decision: "Thank you — recorded", or for a second click "Already done by X at T". */
export function renderDonePage(view: DonePageView): string {
  const { party, stage, product } = view;
  const step = `${stepLabel(stage)}, ${stage.title}${product ? `: ${product}` : ''}`;
  const when = formatDateTime(view.decidedAt);
  const heading = view.justNow ? 'Thank you — your answer is recorded' : 'This step is already done';
  const body = html`<p class="caption">${stepLabel(stage)} · ${party.company}</p>
<h1>${heading}</h1>
<p>${
    view.justNow
      ? `We recorded your answer for ${step}.`
      : `${step} was already done by ${view.decidedBy} on ${when}, so nothing was changed.`
  }</p>
<dl class="facts">
<dt>Outcome</dt><dd>${OUTCOME_WORDS[view.outcome] ?? view.outcome}</dd>
<dt>Recorded by</dt><dd>${view.decidedBy}</dd>
<dt>Recorded at</dt><dd><time datetime="${view.decidedAt}">${when}</time></dd>
</dl>
<p>Nothing more is needed from you for this step. Whoever acts next will be emailed, and you will hear from us when there is something for you to do.</p>`;
  return renderDocument({ title: heading, body, resources: view.resources });
}
