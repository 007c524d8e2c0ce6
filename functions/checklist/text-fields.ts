import * as z from 'zod';

/**
 * Text people type into forms, JSON APIs, the CLI and the ops console: every text field is built
 * here, so every input passes the same check. Markup is refused outright (not silently stripped) so
 * that what is recorded is exactly what the person sees confirmed; every value is still escaped on
 * output. Accepted text is stored in Unicode normal form C, so "é" typed two ways is one value.
 */
const MARKUP = /[<>]/;
const LINE_BREAK = /[\r\n]/;

/**
 * Characters that have no place in a name, a company, an alias or a reason, each with the plain
 * words a person is told. Checked before trimming: `trim()` would quietly drop some of them
 * (U+FEFF, U+2028) at the ends instead of telling the person. Tab and newline (multi-line fields
 * only) are the two controls allowed.
 */
const FORBIDDEN: { pattern: RegExp; problem: string }[] = [
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  { pattern: /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/, problem: 'control characters' },
  { pattern: /[\u2028\u2029]/, problem: 'Unicode line or paragraph separators' },
  { pattern: /[\u202a-\u202e\u2066-\u2069]/, problem: 'characters that reverse the direction of text' },
  { pattern: /[\u200b-\u200d\u2060\ufeff]/, problem: 'invisible (zero-width) characters' },
  // What a decoder leaves for bytes that were not UTF-8 (or a lone surrogate sent in a form).
  { pattern: /\ufffd/, problem: 'replacement characters (U+FFFD, left where text could not be read)' },
];

/** The plain-word problem with a piece of text, or undefined when it is well-formed. */
export function textProblem(label: string, value: string): string | undefined {
  if (!value.isWellFormed()) {
    return `${label} contains a broken character (a lone UTF-16 surrogate). Retype it and try again.`;
  }
  for (const { pattern, problem } of FORBIDDEN) {
    if (pattern.test(value))
      return `${label} contains ${problem}, which are not allowed. Retype it and try again.`;
  }
  return undefined;
}

/**
 * A string that passed `textProblem`, trimmed and in NFC; the first problem stops the checks. The
 * base of every text field, patterned ones (the alias) included.
 */
export function wellFormedText(label: string) {
  return z
    .string({ error: `${label} is required.` })
    .superRefine((value, context) => {
      const problem = textProblem(label, value);
      if (problem) context.addIssue({ code: 'custom', message: problem, abort: true });
    })
    .overwrite((value) => value.normalize('NFC').trim());
}

export function singleLineText(label: string, max: number) {
  return wellFormedText(label)
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`)
    .refine((value) => !MARKUP.test(value), `${label} cannot contain < or >.`)
    .refine((value) => !LINE_BREAK.test(value), `${label} must fit on one line.`);
}

export function multiLineText(label: string, max: number) {
  return wellFormedText(label)
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`)
    .refine((value) => !MARKUP.test(value), `${label} cannot contain < or >.`);
}

/** Email addresses: one address, no display name, no header-injection characters. */
export function emailAddress(label: string) {
  return wellFormedText(label)
    .max(254, `${label} must be at most 254 characters.`)
    .pipe(z.email({ error: `${label} must be a single email address, like name@example.com.` }))
    .transform((value) => value.toLowerCase());
}
