import { stageDefinition } from '../checklist/stages.ts';
import { authorize } from '../domain/authority/authorize.ts';
import type { Credential } from '../domain/authority/policy.ts';
import { publicName } from '../domain/authority/public-name.ts';
import { conversationAnchor } from '../domain/conversation/conversation-links.ts';
import { threadOf } from '../domain/conversation/thread.ts';
import type { Dependencies } from '../domain/dependencies.ts';
import type { Onboarding, StepMessage, Wait } from '../domain/model.ts';
import type { ConversationForm, ConversationView } from '../pages/step-conversation.ts';

/** What a page knows to show one step's conversation: the onboarding, its waits and messages, and who reads. */
export interface ConversationSource {
  onboarding: Onboarding;
  wait: Wait;
  waits: readonly Wait[];
  messages: readonly StepMessage[];
  credential: Credential;
  holder: string;
  /** A step link's role as minted (step links only). */
  linkRole?: Wait['role'];
}

/**
 * One step's conversation for a page: the form only where the policy would take a message from this
 * reader (never on a read-only copy, a stopped onboarding or a step that is over). Pages people
 * outside operations read name ops as "the Marketplace team".
 */
export function conversationView(
  deps: Pick<Dependencies, 'config'>,
  source: ConversationSource,
  options: { anchor?: string; formAction: string; form?: Partial<ConversationForm>; stepTitle?: boolean },
): ConversationView {
  const { onboarding, wait } = source;
  const mayWrite =
    wait.status === 'pending' &&
    authorize(deps.config, {
      credential: source.credential,
      holder: source.holder,
      action: 'post-message',
      onboarding,
      wait,
      linkRole: source.linkRole,
    }).allowed;
  const stage = stageDefinition(wait.stage);
  return {
    anchor: options.anchor ?? conversationAnchor(wait.waitKey),
    stepTitle: options.stepTitle ? `${stage.title}${wait.product ? ` (${wait.product})` : ''}` : undefined,
    thread: threadOf(wait, source.waits, source.messages),
    nameOf: publicName,
    form: mayWrite ? { action: options.formAction, ...options.form } : undefined,
    headingLevel: options.stepTitle ? 3 : 2,
  };
}
