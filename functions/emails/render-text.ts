import type { Block, EmailDocument, Inline } from './email-document.ts';

/**
 * The plain-text version. Lines are not hard-wrapped: wrapping breaks long URLs, and mail clients
 * wrap text themselves. Links are written out in full so they work when copied.
 */
export function renderText(document: EmailDocument): string {
  return `${document.blocks.map(blockText).join('\n\n')}\n`;
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${block.text}\n${'='.repeat(Math.min(block.text.length, 60))}`;
    case 'paragraph':
      return inlineText(block.parts);
    case 'list':
      return block.items.map((item) => `- ${inlineText(item)}`).join('\n');
    case 'facts':
      return block.rows.map((row) => `${row.label}: ${row.value}`).join('\n');
    case 'quote':
      return `${block.label}:\n${block.text
        .split(/\r?\n/)
        .map((line) => `> ${line}`)
        .join('\n')}`;
    case 'button':
      return `${block.text}:\n${block.href}`;
  }
}

function inlineText(parts: Inline[]): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      // A link whose text already is its address (or its mailbox) is not repeated.
      if (part.href === part.text || part.href === `mailto:${part.text}`) return part.text;
      return `${part.text} (${part.href.replace(/^mailto:/, '')})`;
    })
    .join('');
}
