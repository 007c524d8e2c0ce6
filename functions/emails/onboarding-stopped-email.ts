import type { Resources } from '../checklist/resources.ts';
import { questionsBlock, signOff } from './common-blocks.ts';
import { heading, paragraph, quote } from './email-document.ts';
import { renderEmail } from './render-email.ts';
import type { EmailParty, RenderedEmail } from './types.ts';

/**
 * The onboarding was stopped: to the provider's contact, each member of their team, and the rep,
 * one email each. It carries no link (nothing is left to do) and says why, in the words ops gave.
 */
export function renderOnboardingStoppedEmail(input: {
  party: EmailParty;
  /** The person's name when known (the contact, a team member); staff are greeted plainly. */
  recipientName?: string;
  audience: 'provider' | 'staff';
  reason: string;
  resources: Resources;
}): RenderedEmail {
  const { party, resources } = input;
  const provider = input.audience === 'provider';
  return renderEmail({
    subject: `Stopped: ${party.company}'s onboarding to the ${resources.marketplaceName}`,
    brand: resources.marketplaceName,
    blocks: [
      heading(provider ? 'We have stopped your onboarding' : `${party.company}'s onboarding was stopped`),
      paragraph(input.recipientName ? `Hello ${input.recipientName},` : 'Hello,'),
      paragraph(
        provider
          ? `We have stopped ${party.company}'s onboarding to the ${resources.marketplaceName}. Nothing more is needed from you, and the links in our earlier emails no longer work.`
          : `Operations stopped ${party.company}'s onboarding (${party.onboardingId}). Its open steps are closed and their links no longer work; nothing is waiting on you for it.`,
      ),
      quote('Why it was stopped', input.reason),
      provider
        ? paragraph('If you think this is a mistake, or want to start again later, reply to this email.')
        : paragraph('Operations can resume it from where it stood if that is needed.'),
      questionsBlock(resources),
      signOff(resources),
    ],
  });
}
