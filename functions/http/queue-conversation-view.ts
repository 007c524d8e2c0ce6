import { standingsOf } from '../domain/authority/authorize.ts';
import type { Dependencies } from '../domain/dependencies.ts';
import type { SafeHtml } from '../pages/html.ts';
import { queueConversationSection } from '../pages/queue-conversation.ts';
import { conversationView } from './conversation-views.ts';

/**
 * The conversation a queue link was opened at, if the query names one and the mailbox may see it:
 * the onboarding's rep, or the holder of the step. Anything else shows the queue alone (a link
 * tampered with says nothing about other onboardings).
 */
export async function queueConversation(
  deps: Pick<Dependencies, 'store' | 'config'>,
  mailbox: string,
  step: { onboardingId: string; waitKey: string } | undefined,
  formAction: string,
): Promise<SafeHtml | undefined> {
  if (!step) return undefined;
  const record = await deps.store.readOnboarding(step.onboardingId);
  const wait = record?.waits.find((candidate) => candidate.waitKey === step.waitKey);
  if (!record || !wait) return undefined;
  const standings = standingsOf({
    credential: 'queue',
    holder: mailbox,
    action: 'post-message',
    onboarding: record.onboarding,
    wait,
  });
  if (!standings.has('rep') && !standings.has('step-holder')) return undefined;
  const conversation = conversationView(
    deps,
    {
      onboarding: record.onboarding,
      wait,
      waits: record.waits,
      messages: record.messages ?? [],
      credential: 'queue',
      holder: mailbox,
    },
    {
      formAction,
      form: { hidden: { onboarding: record.onboarding.id, step: wait.waitKey } },
      stepTitle: true,
    },
  );
  return queueConversationSection({ company: record.onboarding.company, conversation });
}
