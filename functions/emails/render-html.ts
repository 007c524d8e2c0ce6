import { html, type SafeHtml, safeUrl } from '../pages/html.ts';
import type { Block, EmailDocument, Inline } from './email-document.ts';

/**
 * The HTML version: one narrow column with inline styles only, since Gmail and Outlook drop or
 * rewrite <style> elements. Every value goes through the `html` tag and is escaped.
 */
const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const TEXT = `${FONT}font-size:16px;line-height:1.5;color:#1a1a1a;`;
const LINK = 'color:#0b4f9c;text-decoration:underline;';

export function renderHtml(document: EmailDocument): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${document.subject}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<div style="max-width:600px;margin:0 auto;padding:24px;background-color:#ffffff;${TEXT}">
<p style="margin:0 0 24px;${FONT}font-size:14px;font-weight:bold;color:#3d4551;">${document.brand}</p>
${document.blocks.map(blockHtml)}
</div>
</body>
</html>
`.toString();
}

function blockHtml(block: Block): SafeHtml {
  switch (block.kind) {
    case 'heading':
      return html`<h1 style="margin:0 0 16px;${FONT}font-size:22px;line-height:1.3;color:#1a1a1a;">${block.text}</h1>\n`;
    case 'paragraph':
      return html`<p style="margin:0 0 16px;${TEXT}">${inlineHtml(block.parts)}</p>\n`;
    case 'list':
      return html`<ul style="margin:0 0 16px;padding-left:24px;${TEXT}">${block.items.map(
        (item) => html`<li style="margin:0 0 4px;">${inlineHtml(item)}</li>`,
      )}</ul>\n`;
    case 'facts':
      return html`<p style="margin:0 0 16px;padding:12px 16px;background-color:#f3f4f6;${TEXT}">${block.rows.map(
        (row, index) => html`${index > 0 && html`<br>`}<strong>${row.label}:</strong> ${lines(row.value)}`,
      )}</p>\n`;
    case 'quote':
      return html`<p style="margin:0 0 4px;${TEXT}"><strong>${block.label}:</strong></p>
<p style="margin:0 0 16px;padding:8px 16px;border-left:4px solid #71767a;background-color:#f3f4f6;white-space:pre-wrap;${TEXT}">${block.text}</p>\n`;
    case 'button':
      // The address is repeated under the button: some clients block styled links, and people copy it.
      return html`<p style="margin:24px 0 8px;"><a href="${safeUrl(block.href)}" style="display:inline-block;padding:12px 24px;background-color:#0b5cad;color:#ffffff;${FONT}font-size:16px;font-weight:bold;text-decoration:none;border-radius:4px;">${block.text}</a></p>
<p style="margin:0 0 16px;${FONT}font-size:14px;line-height:1.5;color:#3d4551;word-break:break-all;">Or copy this address into your browser: <a href="${safeUrl(block.href)}" style="${LINK}">${block.href}</a></p>\n`;
  }
}

function inlineHtml(parts: Inline[]): SafeHtml[] {
  return parts.map((part) =>
    typeof part === 'string'
      ? lines(part)
      : html`<a href="${safeUrl(part.href)}" style="${LINK}">${part.text}</a>`,
  );
}

/** Line breaks in text become <br>, so a multi-line sign-off or value reads as in the text version. */
function lines(text: string): SafeHtml {
  return html`${text.split(/\r?\n/).map((line, index) => html`${index > 0 && html`<br>`}${line}`)}`;
}
