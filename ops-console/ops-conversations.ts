import { stageDefinition } from '../functions/checklist/stages.ts';
import { conversationAnchor } from '../functions/domain/conversation/conversation-links.ts';
import { threadsOf } from '../functions/domain/conversation/thread.ts';
import { html, type SafeHtml } from '../functions/pages/html.ts';
import { stepConversation, WAITING_WORDS } from '../functions/pages/step-conversation.ts';
import type { DetailView } from './detail-view.ts';

/**
 * The detail page's "Questions and answers": each step's conversation, newest last, with who wrote
 * (ops sees every address and principal), when and from which link; open when a question waits.
 * Ops ask and answer with the CLI (`ask`, `answer`) or the signed people API.
 */
export function opsConversations(view: Pick<DetailView, 'waits' | 'messages'>): SafeHtml {
  const threads = threadsOf(view.waits, view.messages ?? []);
  const steps = view.waits.filter((wait) => threads.has(wait.waitKey));
  if (steps.length === 0) return html``;
  const waiting = steps.filter((wait) => threads.get(wait.waitKey)?.waitingOn);
  return html`<details class="section"${waiting.length > 0 ? ' open' : ''}><summary>Questions and answers (${steps.length} step${steps.length === 1 ? '' : 's'}${waiting.length > 0 ? `; ${waiting.length} waiting on an answer` : ''})</summary>
${waiting.length > 0 && html`<ul>${waiting.map((wait) => html`<li><strong>${WAITING_WORDS[threads.get(wait.waitKey)?.waitingOn ?? 'provider']}</strong>: ${titleOf(wait)}</li>`)}</ul>`}
${steps.map((wait) => {
  const thread = threads.get(wait.waitKey);
  return (
    thread &&
    stepConversation({
      anchor: conversationAnchor(wait.waitKey),
      stepTitle: titleOf(wait),
      thread,
      nameOf: (author) => author,
      headingLevel: 3,
    })
  );
})}
</details>`;
}

function titleOf(wait: DetailView['waits'][number]): string {
  const title = stageDefinition(wait.stage).title;
  return wait.product ? `${title} (${wait.product})` : title;
}
