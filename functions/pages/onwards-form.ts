import { html, type SafeHtml, safeUrl } from './html.ts';

/**
 * The way on from a step that is over: a button that POSTs to the step's own link, which mints the
 * person a fresh link to their checklist or queue (opening a page writes nothing, so it cannot be a link).
 */
export function onwardsForm(action: string, label: string): SafeHtml {
  return html`<form class="inline-form" action="${safeUrl(action)}" method="post" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="onwards" value="yes">
<button type="submit" class="button">${label}</button>
</form>`;
}
