import type { Resources } from '../checklist/resources.ts';
import type { StageDefinition } from '../checklist/stages.ts';
import { signOff } from './common-blocks.ts';
import { button, heading, paragraph, quote } from './email-document.ts';
import { renderEmail } from './render-email.ts';
import type { EmailParty, RenderedEmail } from './types.ts';

/**
 * To the other side of a step's conversation: what was asked or answered, and their own link to the
 * conversation (their step page, their queue or their checklist). The step itself did not change.
 */
export function renderStepMessageEmail(input: {
  party: EmailParty;
  stage: StageDefinition;
  product?: string;
  kind: 'question' | 'answer';
  /** Who wrote it, as the recipient may know them (an address, or "The Marketplace team"). */
  author: string;
  text: string;
  conversationUrl: string;
  resources: Resources;
}): RenderedEmail {
  const { party, stage, resources } = input;
  const step = `${stage.title}${input.product ? ` (${input.product})` : ''}`;
  const what = input.kind === 'question' ? 'A question' : 'An answer';
  return renderEmail({
    subject: `${what} on “${step}” — ${party.company}'s onboarding`,
    brand: resources.marketplaceName,
    blocks: [
      button(
        input.kind === 'question' ? 'Read and answer it' : 'Read the conversation',
        input.conversationUrl,
      ),
      heading(`${what} on “${step}”`),
      paragraph('Hello,'),
      paragraph(
        `${input.author} wrote on the step “${step}” of ${party.company}'s onboarding to the ${resources.marketplaceName}. The step itself has not changed.`,
      ),
      quote(input.kind === 'question' ? 'The question' : 'The answer', input.text),
      paragraph(
        'Reply from the link above: the conversation stays with the step, where everyone working on it can read it. This link is yours alone; please do not forward it.',
      ),
      signOff(resources),
    ],
  });
}
