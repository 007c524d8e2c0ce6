import { html, type SafeHtml } from './html.ts';
import { type ConversationView, stepConversation } from './step-conversation.ts';

/**
 * The conversation a queue link opens at (`/r/<id>?onboarding=…&step=…`): a provider step's question
 * reaches the rep there, since the step itself is not in their queue. Placed above the queue.
 */
export function queueConversationSection(view: {
  company: string;
  conversation: ConversationView;
}): SafeHtml {
  return html`<div class="next-step">
<p class="caption">${view.company}</p>
${stepConversation(view.conversation)}
</div>`;
}
