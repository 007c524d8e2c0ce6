import type { Resources } from '../checklist/resources.ts';
import { ROLE_LABELS, stageDefinition } from '../checklist/stages.ts';
import { TEAM_ROLES } from '../domain/authority/authorize.ts';
import type { QueueItem } from '../domain/staff-queue.ts';
import { dueWords, formatDateTime, stepLabel } from './format.ts';
import { html, mailtoUrl, type SafeHtml, safeUrl } from './html.ts';
import { renderDocument } from './layout.ts';
import { portfolioSection } from './portfolio-section.ts';
import { queueClaimForm } from './queue-claim-form.ts';
import { queueContactForm } from './queue-contact-form.ts';

/** Everything waiting on one rep or team mailbox, oldest first, behind the link in their emails. */
export interface QueuePageView {
  recipient: string;
  items: QueueItem[];
  resources: Resources;
  /** Where the buttons POST (`/r/<id>/open`). */
  openUrl: string;
  opensSteps: boolean;
  /** ISO time the page is rendered: overdue steps are marked. */
  now: string;
  /** Who the mailbox is, in words: "Platform Enablement team", "Marketplace representative". */
  who: string;
  /** Operations' address: staff write there, not to the provider contact address (their own). */
  opsEmail: string;
  /** Where "Change provider contact" POSTs (`/r/<id>/contact`); offered to an onboarding's own rep. */
  contactUrl?: string;
  /** Where "I'm on it" and its release POST, on a team mailbox's queue (its team's steps only). */
  claimUrls?: { claim: string; release: string };
  /** A rep's own onboardings, below the steps waiting now (team mailboxes have none). */
  portfolio?: Parameters<typeof portfolioSection>[0];
  /** Sections placed above the queue (a step's conversation the page was opened at). */
  sections?: SafeHtml;
}

export function renderQueuePage(view: QueuePageView): string {
  const { items } = view;
  const count = items.length === 1 ? '1 step is' : `${items.length} steps are`;
  const body = html`<p class="caption">${view.who} · ${view.recipient}</p>
<h1>Steps waiting on the ${view.who}</h1>
${view.sections}
<p>${items.length === 0 ? 'Nothing is waiting on you right now. New steps arrive by email.' : `${count} waiting on you, oldest first.`}</p>
${items.length > 0 && html`<ol class="queue">${items.map((item, index) => queueItem(view, item, index, firstOf(items, item)))}</ol>`}
${view.portfolio && portfolioSection(view.portfolio)}
<p class="notice">This page was opened from a link emailed to you personally; please do not share it. Opening it changed nothing: a step is recorded only when you answer it on its own page.</p>`;
  return renderDocument({
    title: `Waiting on the ${view.who}`,
    body,
    resources: view.resources,
    staffContact: view.opsEmail,
  });
}

/** Whether this is the onboarding's first item on the page (its contact form goes there, once). */
function firstOf(items: QueueItem[], item: QueueItem): boolean {
  return items.find((other) => other.onboarding.id === item.onboarding.id) === item;
}

/** Whose answer a question on the step waits for, from the attention on the profile already read. */
function questionWords(onboarding: QueueItem['onboarding'], wait: QueueItem['wait']): string | undefined {
  if (onboarding.attention?.questionsToProvider.includes(wait.waitKey)) {
    return "A question waits on the provider's answer";
  }
  if (onboarding.attention?.questionsToMarketplace.includes(wait.waitKey))
    return 'A question waits on your answer';
  return undefined;
}

function queueItem(
  view: QueuePageView,
  { wait, onboarding }: QueueItem,
  index: number,
  first: boolean,
): SafeHtml {
  const ownRep = onboarding.repEmail.toLowerCase() === view.recipient.toLowerCase();
  const stage = stageDefinition(wait.stage);
  const title = wait.product ? `${stage.title}: ${wait.product}` : stage.title;
  const overdue = Date.parse(wait.deadline) < Date.parse(view.now);
  const headingId = `queue-item-${index}`;
  return html`<li class="queue-item" aria-labelledby="${headingId}">
<h2 id="${headingId}">${onboarding.company}: ${title}</h2>
${overdue && html`<p><span class="tag tag-back">Overdue</span></p>`}
<dl class="facts compact">
<dt>Step</dt><dd>${stepLabel(stage, wait.after)}, ${stage.title}</dd>
${wait.product && html`<dt>Product</dt><dd>${wait.product}</dd>`}
<dt>For</dt><dd>${ROLE_LABELS[wait.role]}</dd>
<dt>Provider contact</dt><dd>${onboarding.contactName}, <a href="${safeUrl(mailtoUrl(onboarding.contactEmail))}">${onboarding.contactEmail}</a></dd>
${onboarding.alias && html`<dt>Cloud account alias</dt><dd>${onboarding.alias}</dd>`}
<dt>Waiting since</dt><dd><time datetime="${wait.enteredAt}">${formatDateTime(wait.enteredAt)}</time></dd>
<dt>Respond by</dt><dd><time datetime="${wait.deadline}">${dueWords(wait.deadline, view.now)}</time></dd>
<dt>Reminders sent</dt><dd>${wait.reminders}</dd>
${questionWords(onboarding, wait) && html`<dt>Question</dt><dd><strong>${questionWords(onboarding, wait)}</strong></dd>`}
</dl>
<form class="inline-form" action="${safeUrl(view.openUrl)}" method="post" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="onboarding" value="${onboarding.id}">
<input type="hidden" name="wait" value="${wait.waitKey}">
<button type="submit" class="button" aria-describedby="${headingId}">${view.opensSteps ? 'Open this step' : 'Email me the link'}</button>
</form>
${view.claimUrls && TEAM_ROLES.includes(wait.role) && queueClaimForm(view.claimUrls, wait, index)}
${first && ownRep && view.contactUrl && queueContactForm(view.contactUrl, onboarding, index)}
</li>`;
}
