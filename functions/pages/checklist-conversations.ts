import { html, type SafeHtml } from './html.ts';
import { type ConversationView, stepConversation } from './step-conversation.ts';

/**
 * "Questions and answers" on the checklist: one conversation per step waiting now (with the form to
 * ask or answer) and per earlier step that has one. A question waiting on the provider is said at the top.
 */
export function conversationsSection(conversations: readonly ConversationView[] | undefined): SafeHtml {
  if (!conversations || conversations.length === 0) return html``;
  const waiting = conversations.filter((view) => view.thread.waitingOn === 'provider').length;
  return html`<section class="conversations" aria-labelledby="conversations-title">
<h2 id="conversations-title">Questions and answers</h2>
${
  waiting > 0
    ? html`<p class="status-note"><strong>${waiting === 1 ? 'A question waits' : `${waiting} questions wait`} on your answer.</strong> The step does not move on until it is decided; answering helps it along.</p>`
    : html`<p>Ask the marketplace about any step here; your answer to a question of theirs goes here too. Writing never changes a step.</p>`
}
${conversations.map((view) => stepConversation(view))}
</section>`;
}
