import type { Resources } from '../checklist/resources.ts';
import { html, mailtoUrl, type SafeHtml, safeUrl } from './html.ts';
import { PAGE_CSS } from './styles.ts';

/**
 * The frame of every page: a complete HTML document, usable without JavaScript. The referrer is
 * withheld so that following a guide link from an action page does not hand its URL to another site.
 */
export function renderDocument(page: {
  title: string;
  body: SafeHtml;
  resources?: Resources;
  /**
   * For pages read by the marketplace's own staff: their footer names operations, not the provider
   * contact address (which is the staff's own mailbox).
   */
  staffContact?: string;
}): string {
  const brand = page.resources ? `${page.resources.marketplaceName} onboarding` : 'Marketplace onboarding';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<link rel="icon" href="data:,">
<title>${page.title} — ${brand}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><p>${brand}</p></header>
<main id="main" tabindex="-1">
${page.body}
</main>
${page.staffContact ? staffFooter(page.staffContact) : page.resources && footer(page.resources)}
</body>
</html>
`.toString();
}

function footer(resources: Resources): SafeHtml {
  return html`<footer class="site-footer"><p>Questions? Write to us at <a href="${safeUrl(mailtoUrl(resources.contactEmail))}">${resources.contactEmail}</a>.</p></footer>`;
}

function staffFooter(opsEmail: string): SafeHtml {
  return html`<footer class="site-footer"><p>Something wrong with a step or this page? Write to Marketplace operations at <a href="${safeUrl(mailtoUrl(opsEmail))}">${opsEmail}</a>.</p></footer>`;
}
