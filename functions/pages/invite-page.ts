import type { Resources } from '../checklist/resources.ts';
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
  asked: boolean;
  contactEmail: string;
  memberName?: string;
  checklistUrl: string;
  resources: Resources;
}): string {
  const body = view.asked
    ? html`<h1>We asked your primary contact to confirm</h1>
<p>We emailed ${view.contactEmail} a link to confirm adding ${view.memberName ?? 'your colleague'} to the team. Your colleague hears from us once it is confirmed: they then get their own link to this checklist.</p>
<p><a href="${safeUrl(view.checklistUrl)}">Back to your checklist</a></p>`
    : html`<h1>Nothing more was sent just now</h1>
<p>We emailed ${view.contactEmail} about this a short while ago, or have sent them many requests this hour. Ask them to look for our email; you can ask again later if it did not arrive.</p>
<p><a href="${safeUrl(view.checklistUrl)}">Back to your checklist</a></p>`;
  return renderDocument({
    title: view.asked ? 'Confirmation asked' : 'Nothing more sent',
    body,
    resources: view.resources,
  });
}
