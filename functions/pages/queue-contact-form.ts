import type { Onboarding } from '../domain/model.ts';
import { html, type SafeHtml, safeUrl } from './html.ts';

/**
 * "Change provider contact" under a queue item (once per onboarding, for its own rep): the new
 * contact's name and address and the reason, all required. Ids carry the item's index, as a queue
 * page holds one form per onboarding.
 */
export function queueContactForm(action: string, onboarding: Onboarding, index: number): SafeHtml {
  const id = (name: string) => `contact-${index}-${name}`;
  return html`<details class="contact-change">
<summary>Change provider contact</summary>
<form action="${safeUrl(action)}" method="post" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="onboarding" value="${onboarding.id}">
<p class="hint">The steps waiting on ${onboarding.contactEmail} move to the new contact, who is emailed a link for each; the old links then say so.</p>
<div class="field"><label for="${id('name')}">New contact's name</label>
<input type="text" id="${id('name')}" name="name" required autocomplete="off" spellcheck="false"></div>
<div class="field"><label for="${id('email')}">New contact's email address</label>
<input type="text" id="${id('email')}" name="email" required autocomplete="off" spellcheck="false"></div>
<div class="field"><label for="${id('reason')}">Reason</label>
<textarea id="${id('reason')}" name="reason" rows="2" required></textarea></div>
<button type="submit" class="button button-secondary">Change the contact</button>
</form>
</details>`;
}
