import type { ChecklistPageView } from './checklist-view.ts';
import { type FormState, formState, textInput } from './form-controls.ts';
import { html, type SafeHtml, safeUrl } from './html.ts';

/**
 * "Your team" on the provider's checklist: who is on it, and a small form to invite a colleague. The
 * colleague is not emailed; the primary contact is asked to confirm first.
 */
export function teamSection(view: ChecklistPageView): SafeHtml {
  const { onboarding } = view.checklist;
  if (!view.inviteUrl || onboarding.status === 'stopped') return html``;
  const team = onboarding.team ?? [];
  return html`<section class="team" aria-labelledby="team-title">
<h2 id="team-title">Your team</h2>
<p>${onboarding.contactName} is the primary contact${team.length > 0 ? html`; also on the team: ${team.map((member, index) => html`${index > 0 ? ', ' : ''}${member.name}`)}` : ''}.</p>
${view.removeUrl && team.length > 0 ? removeForms(view.removeUrl, team) : ''}
${inviteForm(view.inviteUrl, formState())}
</section>`;
}

/** The primary contact's "Remove" button per colleague: their links stop working at once. */
function removeForms(action: string, team: readonly { name: string; email: string }[]): SafeHtml {
  return html`<ul class="team-members">
${team.map(
  (
    member,
  ) => html`<li><form action="${safeUrl(action)}" method="post" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="email" value="${member.email}">
${member.name} (${member.email}) <button type="submit" class="button button-secondary">Remove ${member.name} from the team</button>
</form></li>`,
)}
</ul>`;
}

/** The invite form, on the checklist and again (with its errors) when something needs fixing. */
export function inviteForm(action: string, state: FormState): SafeHtml {
  return html`<form action="${safeUrl(action)}" method="post" enctype="application/x-www-form-urlencoded" novalidate>
<fieldset>
<legend><h3>Invite a colleague</h3></legend>
<p class="hint">We ask your primary contact to confirm by email; your colleague hears from us only once they have.</p>
${textInput(state, { name: 'name', label: 'Their name', required: true, autocomplete: 'off', verbatim: true })}
${textInput(state, { name: 'email', label: 'Their email address', required: true, autocomplete: 'off', verbatim: true })}
<button type="submit" class="button button-secondary">Ask to add them</button>
</fieldset>
</form>`;
}
