/**
 * Output escaping for every page and email. Values are escaped by default: the only way to put
 * markup into output is to write it literally inside an `html` template, so a company name, a
 * product name or a reason typed by someone can never become markup.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  // Backticks delimit attribute values in old Internet Explorer; cheap to rule out everywhere.
  '`': '&#96;',
};

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (character) => ENTITIES[character] ?? character);
}

// Module-private: only this file can mint SafeHtml, so markup cannot be smuggled in by building one.
const MINT = Symbol('SafeHtml');

/** Markup that came out of the `html` tag (or `safeUrl`): inserted as is into other templates. */
export class SafeHtml {
  readonly #markup: string;

  constructor(mint: symbol, markup: string) {
    if (mint !== MINT) throw new TypeError('SafeHtml is made by the html tag only');
    this.#markup = markup;
  }

  toString(): string {
    return this.#markup;
  }

  /** Reads the private field, so an object merely dressed up as SafeHtml (own toString) is escaped instead. */
  static markupOf(value: unknown): string | undefined {
    return typeof value === 'object' && value !== null && #markup in value
      ? (value as SafeHtml).#markup
      : undefined;
  }
}

/** What a template accepts: text (escaped), SafeHtml (kept), lists of either, and nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  const markup = SafeHtml.markupOf(value);
  if (markup !== undefined) return markup;
  if (Array.isArray(value)) return value.map(render).join('');
  // `${condition && html`...`}` is the idiom for optional parts: false and nothing render nothing.
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

/** Tagged template: the literal parts are trusted markup, every interpolated value is escaped. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(MINT, markup);
}

const ALLOWED_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/**
 * A URL for an href or form action: http(s) and mailto only, or a same-site path ("/a/..."). Anything
 * else (javascript:, data:, protocol-relative "//host") becomes "#", a dead link rather than a hole.
 * The URL is kept as given (only escaped), so links read exactly as configured or emailed.
 */
export function safeUrl(url: string): SafeHtml {
  return new SafeHtml(MINT, escapeHtml(isAllowedUrl(url) ? url : '#'));
}

function isAllowedUrl(url: string): boolean {
  if (/^\/(?![/\\])/.test(url)) return true;
  try {
    // The URL parser drops the tabs, newlines and leading spaces browsers ignore, so "java\nscript:" is caught.
    return ALLOWED_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** "mailto:" link target for an address from configuration. */
export function mailtoUrl(address: string): string {
  return `mailto:${address}`;
}
