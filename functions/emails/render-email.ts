import type { EmailDocument } from './email-document.ts';
import { renderHtml } from './render-html.ts';
import { renderText } from './render-text.ts';
import type { RenderedEmail } from './types.ts';

/**
 * A subject is a mail header: a line break in it (say, from a company name) could start a new
 * header. Control characters and Unicode line separators become spaces.
 */
export function cleanSubject(subject: string): string {
  return subject
    .replace(/[\p{Cc}\u2028\u2029]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function renderEmail(document: EmailDocument): RenderedEmail {
  const cleaned = { ...document, subject: cleanSubject(document.subject) };
  return { subject: cleaned.subject, text: renderText(cleaned), html: renderHtml(cleaned) };
}
