/**
 * Just enough HTML reading for assertions on markup this project renders itself: attribute values
 * are always double-quoted and escaped, so a regular expression can find tags reliably.
 */

export type Attributes = Record<string, string>;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`' };

export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#96);/g, (_, name: string) => ENTITIES[name] ?? '');
}

/** Every start tag with this name, as decoded attribute maps (a bare attribute maps to ""). */
export function startTags(markup: string, name: string): Attributes[] {
  const found: Attributes[] = [];
  for (const match of markup.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'gi'))) {
    const attributes: Attributes = {};
    for (const attribute of (match[1] ?? '').matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) {
      attributes[(attribute[1] ?? '').toLowerCase()] = decodeEntities(attribute[2] ?? '');
    }
    found.push(attributes);
  }
  return found;
}

export function count(markup: string, pattern: RegExp): number {
  return [...markup.matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))].length;
}

/** The element with this id, from its start tag to the first matching end tag (no nesting of the same tag). */
export function elementById(markup: string, id: string): string | undefined {
  const start = markup.search(new RegExp(`<(\\w+)[^>]*\\bid="${id}"`));
  if (start < 0) return undefined;
  const tag = /^<(\w+)/.exec(markup.slice(start))?.[1] ?? '';
  const end = markup.indexOf(`</${tag}>`, start);
  return end < 0 ? markup.slice(start) : markup.slice(start, end + tag.length + 3);
}

/** What a reader sees: no head, no tags, entities decoded, whitespace collapsed. */
export function visibleText(markup: string): string {
  return decodeEntities(
    markup
      .replace(/<head>[\s\S]*?<\/head>/i, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' '),
  )
    .replace(/\s+([.,:;!?)])/g, '$1')
    .trim();
}

const PAIRED = [
  'html',
  'head',
  'title',
  'style',
  'body',
  'header',
  'main',
  'footer',
  'h1',
  'h2',
  'p',
  'div',
  'dl',
  'dt',
  'dd',
  'ul',
  'li',
  'form',
  'fieldset',
  'legend',
  'label',
  'textarea',
  'select',
  'option',
  'button',
  'a',
  'blockquote',
  'strong',
  'span',
  'time',
];

/** Problems that make a page not a complete, accessible document; empty when the page is fine. */
export function documentProblems(markup: string): string[] {
  const problems: string[] = [];
  if (!markup.startsWith('<!doctype html>')) problems.push('no doctype');
  if (startTags(markup, 'html')[0]?.lang !== 'en') problems.push('no <html lang>');
  if (!/<title>[^<]+<\/title>/.test(markup)) problems.push('no title');
  if (startTags(markup, 'meta').every((meta) => meta.name !== 'viewport')) problems.push('no viewport');
  if (count(markup, /<h1[\s>]/) !== 1) problems.push(`${count(markup, /<h1[\s>]/)} <h1> elements`);
  if (/<script/i.test(markup)) problems.push('a script');
  const tags = startTags(markup, '[a-z0-9]+');
  if (tags.some((attributes) => Object.keys(attributes).some((name) => name.startsWith('on')))) {
    problems.push('an inline event handler');
  }
  for (const tag of PAIRED) {
    const opened = count(markup, new RegExp(`<${tag}[\\s>]`));
    const closed = count(markup, new RegExp(`</${tag}>`));
    if (opened !== closed) problems.push(`<${tag}> opened ${opened} times, closed ${closed}`);
  }
  const ids = tags.map((attributes) => attributes.id).filter((id) => id !== undefined);
  const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (duplicates.length > 0) problems.push(`duplicate ids: ${duplicates.join(', ')}`);
  return problems;
}
