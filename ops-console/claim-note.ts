import type { Wait } from '../functions/domain/model.ts';
import { claimWords } from '../functions/domain/step-claims.ts';
import { html, type SafeHtml } from '../functions/pages/html.ts';
import { localTime } from './ops-words.ts';

/** "Ana from the Platform Enablement team is on it (since …)" under a waiting team step; nothing otherwise. */
export function claimNote(wait: Wait): SafeHtml | undefined {
  if (wait.status !== 'pending' || !wait.claim) return undefined;
  return html`<br><strong>${claimWords(wait.claim, wait)}</strong> (since ${localTime(wait.claim.at)})`;
}
