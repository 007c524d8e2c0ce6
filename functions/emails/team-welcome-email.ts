import type { Resources } from '../checklist/resources.ts';
import { signOff } from './common-blocks.ts';
import { button, heading, paragraph } from './email-document.ts';
import { renderEmail } from './render-email.ts';
import type { EmailParty, RenderedEmail } from './types.ts';

/** To a colleague the primary contact just added to the team: their own checklist link. */
export function renderTeamWelcomeEmail(input: {
  party: EmailParty;
  memberName: string;
  checklistUrl: string;
  resources: Resources;
}): RenderedEmail {
  const { party, resources } = input;
  return renderEmail({
    subject: `You are on the team: ${resources.marketplaceName} — ${party.company}'s onboarding`,
    brand: resources.marketplaceName,
    blocks: [
      button('Open your onboarding checklist', input.checklistUrl),
      heading(`Welcome to ${party.company}'s onboarding team`),
      paragraph(`Hello ${input.memberName},`),
      paragraph(
        `${party.contactName} added you to the team working on ${party.company}'s onboarding to the ${resources.marketplaceName}. Your checklist shows where it stands; when a step waits on your company you can take it there under your own name, and we will send you a copy whenever one does.`,
      ),
      signOff(resources),
    ],
  });
}
