import { html, type SafeHtml } from '../functions/pages/html.ts';
import { PAGE_CSS } from '../functions/pages/styles.ts';
import { OPS_CSS } from './ops-styles.ts';

/**
 * The frame of every ops console page. Its only script is the auto-refresh below, allowed by a
 * per-response nonce like the stylesheet; every page works fully without it (a Refresh link, plain
 * forms).
 */
export function renderOpsDocument(page: {
  title: string;
  body: SafeHtml;
  nonce: string;
  refresh: boolean;
  /** Which local tool this is: the ops console (default) or the inbox, which shares its frame. */
  section?: string;
  /** Rules of that tool, sent under the same nonce. */
  css?: string;
  /** A deployed stack the console looks at ("stack OnboardingProd in eu-west-1"); the local runtime when absent. */
  stack?: string;
}): string {
  const section = page.section ?? 'Ops console';
  // On a stack there is no inbox and no start page: only the console itself.
  const nav = page.stack
    ? html`<nav class="ops-nav" aria-label="Console"><a href="/ops">All onboardings</a></nav>`
    : html`<nav class="ops-nav" aria-label="Local tools"><a href="/ops">All onboardings</a><a href="/ops/events">Lifecycle events</a><a href="/inbox">Inbox</a><a href="/">Start page</a></nav>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<link rel="icon" href="data:,">
<title>${page.title} — ${section}</title>
<style nonce="${page.nonce}">${PAGE_CSS}${OPS_CSS}${page.css ?? ''}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><p class="wide">Marketplace onboarding — ${section.toLowerCase()} (${page.stack ?? 'local'})</p></header>
<main id="main" class="wide" tabindex="-1">
${nav}
${page.body}
</main>
${page.refresh && refreshScript(page.nonce)}
</body>
</html>
`.toString();
}

/**
 * Every 2 seconds, fetches the page again and swaps in the part marked #live when it changed; it
 * pauses while the tab is hidden or while focus is inside that part (a form being used). The script
 * is literal template text (trusted markup, not escaped); only the nonce is interpolated.
 */
function refreshScript(nonce: string): SafeHtml {
  return html`<script nonce="${nonce}">
(function () {
  // The same clock as the page's own times: 24-hour, with the zone named ("09:15:02 CET").
  var TIME = { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' };
  var region = document.getElementById('live');
  var status = document.getElementById('live-status');
  if (!region || !window.fetch || !window.DOMParser) return;
  if (status) status.textContent = 'This page updates itself every 2 seconds.';
  // A message being written (even with focus elsewhere) is never swapped away.
  function bare(markup) { return markup.replace(/name="submission" value="[^"]*"/g, ''); }
  function drafting() {
    return Array.prototype.some.call(region.querySelectorAll('textarea'), function (box) { return box.value.trim() !== ''; });
  }
  setInterval(function () {
    if (document.hidden || region.contains(document.activeElement) || drafting()) return;
    fetch(location.href, { cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        if (!text) return;
        // Only the main part is parsed: the new head's style carries another nonce, which CSP would flag.
        var main = text.slice(text.indexOf('<main'));
        var next = new DOMParser().parseFromString(main, 'text/html').getElementById('live');
        // Each rendering mints fresh message submission ids: they alone are not a change worth a swap.
        if (next && bare(next.innerHTML) !== bare(region.innerHTML)) region.innerHTML = next.innerHTML;
        if (status) status.textContent = 'Updated at ' + new Date().toLocaleTimeString('en-GB', TIME) + '; this page updates itself every 2 seconds.';
      })
      .catch(function () {});
  }, 2000);
})();
</script>`;
}
