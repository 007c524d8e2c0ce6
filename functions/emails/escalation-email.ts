import type { Resources } from '../checklist/resources.ts';
import { ROLE_LABELS, type Role, type StageDefinition } from '../checklist/stages.ts';
import { formatDateTime, stepLabel } from '../pages/format.ts';
import { mailtoUrl } from '../pages/html.ts';
import { greeting, questionsBlock, signOff } from './common-blocks.ts';
import { type Block, facts, heading, link, paragraph } from './email-document.ts';
import { renderEmail } from './render-email.ts';
import type { EmailParty, RenderedEmail } from './types.ts';

/**
 * Sent when reminders ran out (provider -> rep, teams -> ops). It carries no action link: only the
 * person the step waits on may act, so the escalation gives the facts and whom to chase.
 */
export interface EscalationEmailInput {
  party: EmailParty;
  stage: StageDefinition;
  product?: string;
  /** Who receives the escalation (rep or ops). */
  recipientRole: Role;
  /** Who the step is waiting on, and the address their links and reminders went to. */
  waitingOn: Role;
  waitingOnAddress: string;
  /** ISO time the step started waiting. */
  waitingSince: string;
  /** Reminders sent without an answer. */
  reminders: number;
  resources: Resources;
}

export function renderEscalationEmail(input: EscalationEmailInput): RenderedEmail {
  const { party, stage, product, resources } = input;
  const waitingOn = ROLE_LABELS[input.waitingOn];
  const title = product ? `${stage.title}: ${product}` : stage.title;
  return renderEmail({
    subject: `Escalation: ${resources.marketplaceName} — ${party.company}: ${stepLabel(stage)}, ${title} is waiting on the ${waitingOn.toLowerCase()}`,
    brand: resources.marketplaceName,
    blocks: [
      heading(`Waiting on the ${waitingOn.toLowerCase()}: ${title}`),
      greeting(input.recipientRole, party),
      paragraph(
        `The onboarding of ${party.company} has been waiting at ${stepLabel(stage)}, ${title}, since ${formatDateTime(input.waitingSince)}. ${reminderSentence(input.reminders)}`,
      ),
      facts([
        { label: 'Company', value: party.company },
        { label: 'Provider contact', value: party.contactName },
        { label: 'Cloud account alias', value: party.alias },
        { label: 'Product', value: product },
        { label: 'Step', value: `${stepLabel(stage)}, ${stage.title}` },
        { label: 'Waiting on', value: `${waitingOn} (${input.waitingOnAddress})` },
        { label: 'Waiting since', value: formatDateTime(input.waitingSince) },
      ]),
      chaseBlock(input),
      paragraph(
        'This email has no action link on purpose: only the person the step is waiting on can complete it. We keep sending them reminders.',
      ),
      questionsBlock(resources),
      signOff(resources),
    ],
  });
}

function reminderSentence(reminders: number): string {
  if (reminders === 0) return 'No answer has come in yet.';
  return `${reminders} ${reminders === 1 ? 'reminder' : 'reminders'} went unanswered.`;
}

function chaseBlock(input: EscalationEmailInput): Block {
  const contact = link(input.waitingOnAddress, mailtoUrl(input.waitingOnAddress));
  if (input.waitingOn === 'provider') {
    return paragraph(
      'Please get in touch with the provider at ',
      contact,
      ' and help them finish this step. They act through the link in our emails; if it expired, the page offers to send them a new one.',
    );
  }
  return paragraph(
    `Please follow up with the ${ROLE_LABELS[input.waitingOn]} at `,
    contact,
    '. They complete the step through the link in their emails or through the callback API.',
  );
}
