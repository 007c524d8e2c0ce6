import type { Resources } from '../checklist/resources.ts';
import type { TeamMember } from '../domain/model.ts';
import { signOff } from './common-blocks.ts';
import { button, heading, paragraph } from './email-document.ts';
import { renderEmail } from './render-email.ts';
import type { EmailParty, RenderedEmail } from './types.ts';

/**
 * To the provider's primary contact: someone on the onboarding asked to add a colleague to the team.
 * Nothing changes until the contact confirms on the linked page (opening it changes nothing).
 */
export function renderTeamInvitationEmail(input: {
  party: EmailParty;
  /** "Ada Lovelace (ada@acme.example)": who asked. */
  inviter: string;
  member: TeamMember;
  confirmUrl: string;
  resources: Resources;
}): RenderedEmail {
  const { party, member, resources } = input;
  return renderEmail({
    subject: `Confirm a new team member: ${resources.marketplaceName} — ${party.company}: ${member.name}`,
    brand: resources.marketplaceName,
    blocks: [
      button('Review and confirm', input.confirmUrl),
      heading('A new member for your onboarding team'),
      paragraph(`Hello ${party.contactName},`),
      paragraph(
        `${input.inviter} asked to add ${member.name} ${member.email} to your team for ${party.company}'s onboarding to the ${resources.marketplaceName}.`,
      ),
      paragraph(
        `Once you confirm, ${member.name} gets their own link to the onboarding checklist and copies of the steps waiting on your company, and can take them under their own name. Nothing changes until you confirm; if you do not know this person, ignore this email.`,
      ),
      signOff(resources),
    ],
  });
}
