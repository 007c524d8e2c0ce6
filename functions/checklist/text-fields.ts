import * as z from 'zod';

/**
 * Text people type into forms. Markup is refused outright (not silently stripped) so that what is
 * recorded is exactly what the person sees confirmed; every value is still escaped on output.
 */
const MARKUP = /[<>]/;
// Control characters other than tab/newline, and the Unicode bidi overrides used to disguise text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
const LINE_BREAK = /[\r\n]/;

export function singleLineText(label: string, max: number) {
  return z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`)
    .refine((value) => !MARKUP.test(value), `${label} cannot contain < or >.`)
    .refine((value) => !LINE_BREAK.test(value), `${label} must fit on one line.`)
    .refine((value) => !CONTROL.test(value), `${label} contains characters that are not allowed.`);
}

export function multiLineText(label: string, max: number) {
  return z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`)
    .refine((value) => !MARKUP.test(value), `${label} cannot contain < or >.`)
    .refine((value) => !CONTROL.test(value), `${label} contains characters that are not allowed.`);
}

/** Email addresses: one address, no display name, no header-injection characters. */
export function emailAddress(label: string) {
  return z
    .string({ error: `${label} is required.` })
    .trim()
    .max(254, `${label} must be at most 254 characters.`)
    .pipe(z.email({ error: `${label} must be a single email address, like name@example.com.` }))
    .transform((value) => value.toLowerCase());
}
