import type { Resources } from '../checklist/resources.ts';
import type { StageDefinition } from '../checklist/stages.ts';
import { stepLabel } from '../pages/format.ts';
import { signOff } from './common-blocks.ts';
import { button, heading, paragraph } from './email-document.ts';
import { renderEmail } from './render-email.ts';
import type { EmailParty, RenderedEmail } from './types.ts';

/**
 * The copy a provider team member gets when the provider is asked to act: who is asked, and the
 * member's own checklist, from which they can take the step themselves (their own identity).
 */
export function renderTeamCopyEmail(input: {
  party: EmailParty;
  memberName: string;
  stage: StageDefinition;
  product?: string;
  checklistUrl: string;
  resources: Resources;
}): RenderedEmail {
  const { party, stage, product, resources } = input;
  const title = product ? `${stage.title}: ${product}` : stage.title;
  return renderEmail({
    subject: `For your team: ${resources.marketplaceName} — ${party.company}: ${stepLabel(stage)}, ${title}`,
    brand: resources.marketplaceName,
    blocks: [
      button('Open your onboarding checklist', input.checklistUrl),
      heading(title),
      paragraph(`Hello ${input.memberName},`),
      paragraph(
        `${party.contactName} has been asked to take ${stepLabel(stage)}, ${title}, of ${party.company}'s onboarding to the ${resources.marketplaceName}. You are on the onboarding team, so you can take it too: open your checklist and choose the step. Whoever answers first answers for the team.`,
      ),
      signOff(resources),
    ],
  });
}
