import { randomBytes } from 'node:crypto';
import type { StepThread, ThreadEntry } from '../domain/conversation/thread.ts';
import { formatDateTime } from './format.ts';
import { html, type SafeHtml, safeUrl } from './html.ts';

/** How each kind of line reads, and which link it came from. */
const KIND_WORDS: Record<ThreadEntry['kind'], string> = {
  question: 'Question',
  answer: 'Answer',
  'sent-back': 'Sent back',
  resubmitted: 'Resubmitted',
};

const VIA_WORDS: Record<ThreadEntry['via'], string> = {
  'step-link': "from the step's link",
  checklist: 'from the checklist',
  queue: 'from the queue page',
  ops: 'by operations',
  decision: 'with the decision',
};

export const WAITING_WORDS: Record<NonNullable<StepThread['waitingOn']>, string> = {
  provider: "Waiting on the provider's answer",
  marketplace: "Waiting on the marketplace's answer",
};

export interface ConversationForm {
  /** Where the form posts (the page's own `/messages` route). */
  action: string;
  /** Fields that say which step it is about, on pages that show several. */
  hidden?: Record<string, string>;
  /** The problem with the last message, and the text to put back. */
  error?: string;
  value?: string;
}

export interface ConversationView {
  /** The section's id: links in emails open the page at it. */
  anchor: string;
  /** The step it is about, on pages that show several conversations. */
  stepTitle?: string;
  thread: StepThread;
  /** How an author is named to this reader (pages the provider sees never show an ops principal). */
  nameOf: (author: string) => string;
  form?: ConversationForm;
  headingLevel?: 2 | 3;
}

/**
 * A step's conversation, newest last: who wrote, when, from which link; whether a question waits for
 * an answer; and, where the reader may write, a form that says plainly the step does not change.
 */
export function stepConversation(view: ConversationView): SafeHtml {
  const { thread, form } = view;
  const title = view.stepTitle ? `Conversation: ${view.stepTitle}` : 'Conversation on this step';
  const heading =
    view.headingLevel === 3
      ? html`<h3 id="${view.anchor}-title">${title}</h3>`
      : html`<h2 id="${view.anchor}-title">${title}</h2>`;
  return html`<section class="conversation" id="${view.anchor}" aria-labelledby="${view.anchor}-title">
${heading}
${thread.waitingOn && html`<p class="status-note"><strong>${WAITING_WORDS[thread.waitingOn]}</strong></p>`}
${
  thread.entries.length > 0
    ? html`<ol class="thread">${thread.entries.map((entry) => threadLine(entry, view.nameOf))}</ol>`
    : html`<p>No questions yet.</p>`
}
${form && messageForm(view.anchor, form)}
</section>`;
}

function threadLine(entry: ThreadEntry, nameOf: (author: string) => string): SafeHtml {
  return html`<li class="thread-entry">
<p class="thread-meta"><strong>${KIND_WORDS[entry.kind]}</strong> · ${nameOf(entry.author)} · <time datetime="${entry.at}">${formatDateTime(entry.at)}</time> · ${VIA_WORDS[entry.via]}</p>
<p class="thread-text">${entry.text}</p>
</li>`;
}

function messageForm(anchor: string, form: ConversationForm): SafeHtml {
  const id = `${anchor}-message`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  // A fresh id per rendering: pressing the button twice sends one message (see postMessage).
  const submission = randomBytes(18).toString('base64url');
  return html`<form action="${safeUrl(form.action)}" method="post" enctype="application/x-www-form-urlencoded" novalidate class="message-form">
<input type="hidden" name="submission" value="${submission}">
${Object.entries(form.hidden ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<div class="field${form.error ? ' field-error' : ''}">
<label for="${id}">Ask a question or answer one</label>
<p class="hint" id="${hintId}">Plain text, at most 2,000 characters. The other side is emailed; the step itself does not change.</p>
${form.error && html`<p class="error-message" id="${errorId}"><span class="visually-hidden">Error: </span>${form.error}</p>`}
<textarea id="${id}" name="message" rows="3" aria-describedby="${hintId}${form.error ? ` ${errorId}` : ''}"${form.error ? html` aria-invalid="true"` : ''}>
${form.value ?? ''}</textarea>
</div>
<button type="submit" class="button button-secondary">Send message</button>
</form>`;
}
