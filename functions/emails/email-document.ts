/**
 * An email is written once as a list of blocks and rendered twice (plain text and HTML), so the
 * two versions cannot drift apart: every sentence, fact and link exists in both.
 */

export interface Link {
  text: string;
  href: string;
}

/** A run of text inside a paragraph or list item: plain words or a link. */
export type Inline = string | Link;

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; parts: Inline[] }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'facts'; rows: { label: string; value: string }[] }
  /** Text someone typed (a reason): shown apart, line breaks kept. */
  | { kind: 'quote'; label: string; text: string }
  /** The one call to action: a button in HTML, the bare URL in text. */
  | { kind: 'button'; text: string; href: string };

export interface EmailDocument {
  subject: string;
  /** Shown at the top of the HTML version (the marketplace name). */
  brand: string;
  blocks: Block[];
}

export function link(text: string, href: string): Link {
  return { text, href };
}

export function paragraph(...parts: Inline[]): Block {
  return { kind: 'paragraph', parts };
}

export function heading(text: string): Block {
  return { kind: 'heading', text };
}

export function list(...items: Inline[][]): Block {
  return { kind: 'list', items };
}

export function facts(rows: { label: string; value: string | undefined }[]): Block {
  return {
    kind: 'facts',
    rows: rows.filter(
      (row): row is { label: string; value: string } => row.value !== undefined && row.value !== '',
    ),
  };
}

export function quote(label: string, text: string): Block {
  return { kind: 'quote', label, text };
}

export function button(text: string, href: string): Block {
  return { kind: 'button', text, href };
}
