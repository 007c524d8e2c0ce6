import type { Resources } from '../checklist/resources.ts';
import type { TeamMember } from '../domain/model.ts';
import { html } from './html.ts';
import { renderDocument } from './layout.ts';

/**
 * The page behind the confirmation link the primary contact is emailed. Opening it changes nothing
 * (email scanners open links); only its button (a POST) adds the colleague.
 */
export function renderInvitationPage(view: {
  company: string;
  inviter: string;
  member: TeamMember;
  resources: Resources;
}): string {
  const { member } = view;
  const body = html`<p class="caption">${view.company} · your team</p>
<h1>Add ${member.name} to your team?</h1>
<p>${view.inviter} asked to add ${member.name} (${member.email}) to your team for ${view.company}'s onboarding.</p>
<p>Once added, ${member.name} gets their own link to the onboarding checklist and copies of the steps waiting on your company, and can take them under their own name. If you do not know this person, close this page: nothing changes.</p>
<form action="" method="post" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="confirm" value="yes">
<button type="submit" class="button">Add ${member.name} to the team</button>
</form>`;
  return renderDocument({ title: `Add ${member.name} to your team`, body, resources: view.resources });
}
