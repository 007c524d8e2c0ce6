import type { Resources } from '../checklist/resources.ts';
import { ROLE_LABELS, type Role } from '../checklist/stages.ts';
import { mailtoUrl } from '../pages/html.ts';
import { type Block, type Link, link, paragraph } from './email-document.ts';
import type { EmailParty } from './types.ts';

/** Pieces every email shares: greeting, contact line and sign-off read the same everywhere. */

export function greeting(role: Role, party: EmailParty): Block {
  if (role === 'provider') return paragraph(`Hello ${party.contactName},`);
  if (role === 'rep') return paragraph('Hello,');
  return paragraph(`Hello ${ROLE_LABELS[role]},`);
}

export function contactLink(resources: Resources): Link {
  return link(resources.contactEmail, mailtoUrl(resources.contactEmail));
}

export function questionsBlock(resources: Resources): Block {
  return paragraph('Questions? Write to us at ', contactLink(resources), '.');
}

/** The provider's checklist page, in emails that carry no action link. */
export function checklistBlocks(checklistUrl: string | undefined): Block[] {
  return checklistUrl
    ? [
        paragraph(
          'Every step of your onboarding and where it stands: ',
          link('your onboarding checklist', checklistUrl),
          '.',
        ),
      ]
    : [];
}

export function signOff(resources: Resources): Block {
  return paragraph(`Kind regards,\nThe ${resources.marketplaceName} onboarding team`);
}
