import { ROLE_LABELS } from '../checklist/stages.ts';
import { durationWords } from '../domain/expected-times.ts';
import type { PortfolioPage, PortfolioRow } from '../domain/rep-portfolio.ts';
import { formatDateTime } from './format.ts';
import { html, type SafeHtml, safeUrl } from './html.ts';

const STATUS_TAG: Record<PortfolioRow['status'], { label: string; className: string }> = {
  'in-progress': { label: 'In progress', className: 'tag-them' },
  stopped: { label: 'Stopped', className: 'tag-back' },
  completed: { label: 'Completed', className: 'tag-done' },
};

/**
 * "Your onboardings" on a rep's queue page: every onboarding the rep is responsible for, below the
 * steps waiting on them now. `nextUrl` is the next page (one Query each); `firstUrl` leads back.
 */
export function portfolioSection(view: {
  page: PortfolioPage;
  nextUrl?: string;
  firstUrl?: string;
}): SafeHtml {
  const { rows } = view.page;
  return html`<section class="portfolio" aria-labelledby="portfolio-heading">
<h2 id="portfolio-heading">Your onboardings</h2>
<p>Every onboarding you are the marketplace representative for: in progress, stopped, and completed in the last 90 days, newest first.</p>
${rows.length === 0 ? html`<p>${view.firstUrl ? 'No more onboardings.' : 'You are not the representative of any onboarding right now.'}</p>` : html`<ol class="queue">${rows.map(portfolioRow)}</ol>`}
${(view.nextUrl || view.firstUrl) && html`<nav class="pager" aria-label="Pages of your onboardings">${view.firstUrl && html`<a href="${safeUrl(view.firstUrl)}">First page</a> `}${view.nextUrl && html`<a href="${safeUrl(view.nextUrl)}">Next page</a>`}</nav>`}
</section>`;
}

function portfolioRow(row: PortfolioRow, index: number): SafeHtml {
  const { onboarding } = row;
  const tag = STATUS_TAG[row.status];
  const headingId = `portfolio-item-${index}`;
  return html`<li class="queue-item" aria-labelledby="${headingId}">
<h3 id="${headingId}">${onboarding.company}</h3>
<p><span class="tag ${tag.className}">${tag.label}</span></p>
<dl class="facts compact">
<dt>Stage</dt><dd>${row.stageTitle}</dd>
<dt>Since</dt><dd><time datetime="${row.since}">${formatDateTime(row.since)}</time></dd>
${row.waitsOn && html`<dt>Waiting on</dt><dd>${row.waitsOn === 'system' ? 'Nobody: the workflow is working on it' : ROLE_LABELS[row.waitsOn]}</dd>`}
${row.comparison.kind !== 'over' && html`<dt>Usually takes</dt><dd>${durationWords(row.comparison.usual.seconds)}${row.comparison.kind === 'longer' ? html` · <strong>taking longer than usual</strong>` : ''}</dd>`}
${row.openQuestions !== undefined && row.openQuestions > 0 && html`<dt>Open questions</dt><dd>${countWords(row.openQuestions, 'question waits', 'questions wait')} on an answer</dd>`}
${row.deliveryProblems !== undefined && row.deliveryProblems > 0 && html`<dt>Delivery problems</dt><dd><strong>${countWords(row.deliveryProblems, 'email', 'emails')} not delivered</strong></dd>`}
<dt>Provider contact</dt><dd>${onboarding.contactName}</dd>
</dl>
</li>`;
}

/** "1 question waits", "2 questions wait": a count in plain words. */
function countWords(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
