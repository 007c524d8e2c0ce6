import type { Resources } from '../checklist/resources.ts';
import { ROLE_LABELS, type Role, type StageDefinition } from '../checklist/stages.ts';
import { stepLabel } from '../pages/format.ts';
import { greeting, questionsBlock, signOff } from './common-blocks.ts';
import { facts, heading, paragraph } from './email-document.ts';
import { renderEmail } from './render-email.ts';
import type { EmailParty, RenderedEmail } from './types.ts';

/**
 * Sent to the rep and ops when an email about a waiting step bounced or drew a complaint: the
 * person cannot act on a link they never received, so someone must fix the address or call them.
 */
export interface DeliveryProblemEmailInput {
  party: EmailParty;
  stage: StageDefinition;
  product?: string;
  recipientRole: Role;
  problem: 'bounce' | 'complaint';
  /** The address that bounced or complained, and whose step is waiting. */
  address: string;
  waitingOn: Role;
  /** The mail server's or the complainant's words, when SES passed them on. */
  detail?: string;
  resources: Resources;
}

export function renderDeliveryProblemEmail(input: DeliveryProblemEmailInput): RenderedEmail {
  const { party, stage, product, resources } = input;
  const title = product ? `${stage.title}: ${product}` : stage.title;
  const what = input.problem === 'bounce' ? 'bounced' : 'was marked as spam';
  return renderEmail({
    subject: `Email ${what}: ${resources.marketplaceName} — ${party.company}: ${stepLabel(stage)}, ${title}`,
    brand: resources.marketplaceName,
    blocks: [
      heading(`An email about ${title} ${what}`),
      greeting(input.recipientRole, party),
      paragraph(
        input.problem === 'bounce'
          ? `Our email to ${input.address} about ${stepLabel(stage)}, ${title}, could not be delivered. The onboarding of ${party.company} is waiting on the ${ROLE_LABELS[input.waitingOn].toLowerCase()}, who has not received the link.`
          : `${input.address} marked our email about ${stepLabel(stage)}, ${title}, as spam. The onboarding of ${party.company} is waiting on them.`,
      ),
      facts([
        { label: 'Company', value: party.company },
        { label: 'Onboarding', value: party.onboardingId },
        { label: 'Step', value: `${stepLabel(stage)}, ${title}` },
        { label: 'Address', value: input.address },
        { label: 'Details', value: input.detail },
      ]),
      paragraph(
        'Reminders for this step now come to you instead of going to that address again. What to do: reach the person by another channel and confirm their address. Changing an address on a running onboarding is not supported yet: if it was wrong, ops can stop this onboarding and start a new one with the right address.',
      ),
      questionsBlock(resources),
      signOff(resources),
    ],
  });
}
