import type { Resources } from '../checklist/resources.ts';
import type { TeamMember } from '../domain/model.ts';
import { renderChecklistFormAgain } from './checklist-form-again.ts';
import { inviteForm } from './checklist-team.ts';
import { html, safeUrl } from './html.ts';
import { renderDocument } from './layout.ts';

/** The invite form again, with each problem next to its field and the answers kept. */
export function renderInvitePage(view: {
  company: string;
  inviteUrl: string;
  checklistUrl: string;
  resources: Resources;
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
}): string {
  return renderChecklistFormAgain({
    ...view,
    caption: 'your team',
    heading: 'Invite a colleague',
    form: (state) => inviteForm(view.inviteUrl, state),
  });
}

/** What a person sees after asking to add a colleague. */
export function renderInviteSentPage(view: {
  /** `added`: the contact's own request, done at once; `asked`: the contact was asked to confirm. */
  outcome: 'added' | 'already-member' | 'asked' | 'suppressed';
  contactEmail?: string;
  member?: TeamMember;
  checklistUrl: string;
  resources: Resources;
}): string {
  const back = html`<p><a class="button" href="${safeUrl(view.checklistUrl)}">Back to your checklist</a></p>`;
  const { member } = view;
  if ((view.outcome === 'added' || view.outcome === 'already-member') && member) {
    const body = html`<h1>${member.name} is on your team</h1>
<p>${
      view.outcome === 'added'
        ? `${member.name} (${member.email}) was added to the team and emailed their own link to this checklist. From it they can take the steps waiting on your company, under their own name.`
        : `${member.name} (${member.email}) is on the team already. Nothing more is needed.`
    }</p>
${back}`;
    return renderDocument({ title: `${member.name} is on your team`, body, resources: view.resources });
  }
  const asked = view.outcome === 'asked';
  const memberName = member?.name;
  const body = asked
    ? html`<h1>We asked your primary contact to confirm</h1>
<p>We emailed ${view.contactEmail} a link to confirm adding ${memberName ?? 'your colleague'} to the team. Your colleague hears from us once it is confirmed: they then get their own link to this checklist.</p>
${back}`
    : html`<h1>Nothing more was sent just now</h1>
<p>We emailed ${view.contactEmail} about this a short while ago, or have sent them many requests this hour. Ask them to look for our email; you can ask again later if it did not arrive.</p>
${back}`;
  return renderDocument({
    title: asked ? 'Confirmation asked' : 'Nothing more sent',
    body,
    resources: view.resources,
  });
}
