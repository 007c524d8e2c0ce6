import { stageDefinition } from '../functions/checklist/stages.ts';
import { conversationAnchor } from '../functions/domain/conversation/conversation-links.ts';
import { threadOf, threadsOf } from '../functions/domain/conversation/thread.ts';
import { html, type SafeHtml } from '../functions/pages/html.ts';
import {
  type ConversationForm,
  stepConversation,
  WAITING_WORDS,
} from '../functions/pages/step-conversation.ts';
import type { DetailView } from './detail-view.ts';

/**
 * The detail page's "Questions and answers": each step's conversation, newest last, with who wrote
 * (ops sees every address and principal), when and from which link; open when a question waits.
 * On a running onboarding, every waiting step has a form to ask the provider or answer their
 * question (the `message` action, as the CLI's `ask` / `answer`).
 */
export function opsConversations(
  view: Pick<DetailView, 'onboarding' | 'waits' | 'messages' | 'csrf' | 'problem'>,
): SafeHtml {
  const threads = threadsOf(view.waits, view.messages ?? []);
  const running = view.onboarding.status === 'in-progress';
  const writable = (wait: DetailView['waits'][number]) => running && wait.status === 'pending';
  const steps = view.waits.filter((wait) => threads.has(wait.waitKey) || writable(wait));
  if (steps.length === 0) return html``;
  const waiting = steps.filter((wait) => threads.get(wait.waitKey)?.waitingOn);
  const problem = view.problem?.action === 'message' ? view.problem : undefined;
  // A message refused for a step that is no longer waiting has no form to show it by: the section says it.
  const orphan = problem && !steps.some((wait) => writable(wait) && wait.waitKey === problem.values.wait);
  const talked = steps.filter((wait) => threads.has(wait.waitKey)).length;
  return html`<details class="section" id="conversations"${waiting.length > 0 || problem ? ' open' : ''}><summary>Questions and answers (${talked} step${talked === 1 ? '' : 's'} with messages${waiting.length > 0 ? `; ${waiting.length} waiting on an answer` : ''})</summary>
${orphan && html`<div class="error-summary" role="alert" tabindex="-1" id="message-problem"><p>${problem.message}</p></div>`}
${waiting.length > 0 && html`<ul>${waiting.map((wait) => html`<li><strong>${WAITING_WORDS[threads.get(wait.waitKey)?.waitingOn ?? 'provider']}</strong>: ${titleOf(wait)}</li>`)}</ul>`}
${steps.map((wait) => {
  const thread = threads.get(wait.waitKey) ?? threadOf(wait, view.waits, view.messages ?? []);
  const mine = problem?.values.wait === wait.waitKey ? problem : undefined;
  const form: ConversationForm | undefined = writable(wait)
    ? {
        action: `/ops/onboardings/${view.onboarding.id}/message`,
        // Ops answer when the provider's question waits on the marketplace; otherwise they ask.
        hidden: {
          csrf: view.csrf,
          wait: wait.waitKey,
          kind: thread.waitingOn === 'marketplace' ? 'answer' : 'question',
        },
        ...(mine
          ? {
              error: mine.fieldErrors.message ?? mine.fieldErrors.submission ?? mine.message,
              value: mine.values.message ?? '',
            }
          : {}),
      }
    : undefined;
  return stepConversation({
    anchor: conversationAnchor(wait.waitKey),
    stepTitle: titleOf(wait),
    thread,
    nameOf: (author) => author,
    headingLevel: 3,
    ...(form ? { form } : {}),
  });
})}
</details>`;
}

function titleOf(wait: DetailView['waits'][number]): string {
  const title = stageDefinition(wait.stage).title;
  return wait.product ? `${title} (${wait.product})` : title;
}
