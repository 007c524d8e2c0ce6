import type { Resources } from '../checklist/resources.ts';
import { ROLE_LABELS, type Role, type StageDefinition } from '../checklist/stages.ts';
import { EMAIL_NOT_SENT_ADVICE } from '../domain/email-not-sent.ts';
import type { DeliveryProblem } from '../domain/model.ts';
import { stepLabel } from '../pages/format.ts';
import { greeting, questionsBlock, signOff } from './common-blocks.ts';
import { facts, heading, paragraph } from './email-document.ts';
import { renderEmail } from './render-email.ts';
import type { EmailParty, RenderedEmail } from './types.ts';

/**
 * Sent to the rep and ops when an email did not reach its recipient (bounced, drew a complaint, or
 * SES refused to send it): the person cannot act on a link they never received, so someone must fix
 * the address or call them. About a waiting step (`stage`), or about another email (`subjectOf`).
 */
export interface DeliveryProblemEmailInput {
  party: EmailParty;
  stage?: StageDefinition;
  product?: string;
  /** The subject of the email that did not arrive, when it was about no waiting step. */
  subjectOf?: string;
  recipientRole: Role;
  /** What went wrong, to which address (the mail server's or SES's words in `detail`). */
  problem: DeliveryProblem;
  /** Whose step is waiting (with `stage`). */
  waitingOn?: Role;
  resources: Resources;
}

const WHAT = { bounce: 'bounced', complaint: 'was marked as spam', 'not-sent': 'could not be sent' } as const;

export function renderDeliveryProblemEmail(input: DeliveryProblemEmailInput): RenderedEmail {
  const { party, stage, product, problem, resources } = input;
  const about = stage
    ? `${stepLabel(stage)}, ${product ? `${stage.title}: ${product}` : stage.title}`
    : `"${input.subjectOf ?? 'an onboarding email'}"`;
  const what = WHAT[problem.kind];
  return renderEmail({
    subject: `Email ${what}: ${resources.marketplaceName} — ${party.company}: ${about}`,
    brand: resources.marketplaceName,
    blocks: [
      heading(`An email about ${about} ${what}`),
      greeting(input.recipientRole, party),
      paragraph(explanation(input, about)),
      facts([
        { label: 'Company', value: party.company },
        { label: 'Onboarding', value: party.onboardingId },
        { label: 'About', value: about },
        { label: 'Address', value: problem.address },
        { label: 'Details', value: problem.detail },
      ]),
      paragraph(whatToDo(input)),
      questionsBlock(resources),
      signOff(resources),
    ],
  });
}

function explanation(input: DeliveryProblemEmailInput, about: string): string {
  const { party, problem } = input;
  const waiting = input.waitingOn
    ? ` The onboarding of ${party.company} is waiting on the ${ROLE_LABELS[input.waitingOn].toLowerCase()}, who has not received the link.`
    : '';
  if (problem.kind === 'bounce')
    return `Our email to ${problem.address} about ${about} could not be delivered.${waiting}`;
  if (problem.kind === 'complaint')
    return `${problem.address} marked our email about ${about} as spam. The onboarding of ${party.company} is waiting on them.`;
  const advice = EMAIL_NOT_SENT_ADVICE[problem.reason ?? 'rejected'];
  return `Our email to ${problem.address} about ${about} could not be sent: ${advice.why}.${waiting}`;
}

function whatToDo(input: DeliveryProblemEmailInput): string {
  if (input.problem.kind === 'not-sent') {
    const advice = EMAIL_NOT_SENT_ADVICE[input.problem.reason ?? 'rejected'];
    const waits = input.stage
      ? ' The step keeps waiting; reminders for it come to you meanwhile. Ops can resend the link (ops console, or "send me a new link" from an earlier email) once the cause is fixed.'
      : '';
    return `What to do: ${advice.whatToDo}.${waits}`;
  }
  return 'Reminders for this step now come to you instead of going to that address again. What to do: reach the person by another channel and confirm their address. Changing an address on a running onboarding is not supported yet: if it was wrong, ops can stop this onboarding and start a new one with the right address.';
}
