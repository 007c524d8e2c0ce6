import type { Wait } from '../domain/model.ts';
import { claimWords } from '../domain/step-claims.ts';
import { formatDateTime } from './format.ts';
import { html, type SafeHtml, safeUrl } from './html.ts';

/**
 * "I'm on it" under a team's step on its mailbox's queue page: who is on it (if anyone), a button to
 * let go, and a name field to claim it — or take it over: a claim is a label, never a lock, and the
 * page says so. Ids carry the item's index, as the page holds one form per step.
 */
export function queueClaimForm(
  urls: { claim: string; release: string },
  wait: Wait,
  index: number,
): SafeHtml {
  const nameId = `claim-${index}-name`;
  const { claim } = wait;
  return html`<div class="claim">
${
  claim
    ? html`<p class="claimed"><strong>${claimWords(claim, wait)}</strong> (since <time datetime="${claim.at}">${formatDateTime(claim.at)}</time>). Anyone in the team can still answer the step.</p>
<form class="inline-form" action="${safeUrl(urls.release)}" method="post" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="onboarding" value="${wait.onboardingId}">
<input type="hidden" name="wait" value="${wait.waitKey}">
<input type="hidden" name="claimedAt" value="${claim.at}">
<button type="submit" class="button button-secondary">Release: ${claim.name} is no longer on it</button>
</form>`
    : html`<p class="claimed">Nobody has said they are on it yet.</p>`
}
<form action="${safeUrl(urls.claim)}" method="post" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="onboarding" value="${wait.onboardingId}">
<input type="hidden" name="wait" value="${wait.waitKey}">
<div class="field"><label for="${nameId}">Your name</label>
<p class="hint" id="${nameId}-hint">Shown to your team and to the provider. This page belongs to the team mailbox, so say who you are.</p>
<input type="text" id="${nameId}" name="name" class="short" required maxlength="80" autocomplete="name" aria-describedby="${nameId}-hint"></div>
<button type="submit" class="button button-secondary">${claim ? 'I’m on it instead' : 'I’m on it'}</button>
</form>
</div>`;
}
