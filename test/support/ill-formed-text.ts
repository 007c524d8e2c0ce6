/** Text that must never be stored, with what it is: every kind the one text check refuses. */
export const ILL_FORMED: [string, string][] = [
  ['a lone surrogate', 'Lone \ud800 Surrogate'],
  ['a NUL', 'Acme\u0000'],
  ['U+0085 (next line)', 'Acme\u0085Corp'],
  ['U+2028 (line separator)', 'Acme\u2028Corp'],
  ['U+2029 (paragraph separator)', 'Acme\u2029'],
  ['U+202E (right-to-left override)', 'Acme\u202Egnp.exe'],
  ['U+2066 (left-to-right isolate)', '\u2066Acme'],
  ['U+200B (zero-width space)', 'Ac\u200Bme'],
  ['U+200D (zero-width joiner)', 'Ac\u200Dme'],
  ['U+2060 (word joiner)', 'Ac\u2060me'],
  ['U+FEFF (byte order mark) at the start', '\uFEFFAcme'],
  ['U+009B (C1 control)', 'Acme\u009B31m'],
  ['an escape sequence', 'Acme\u001b[31m'],
  ['U+FFFD (what a broken form byte decodes to)', 'Acme\uFFFD'],
];

/** The six every route is tried with end to end (the acceptance list). */
export const ILL_FORMED_ON_EVERY_ROUTE: [string, string][] = [
  ['a lone surrogate', 'Lone \ud800 Surrogate'],
  ['U+0000', 'Acme\u0000'],
  ['U+0085', 'Acme\u0085Corp'],
  ['U+2028', 'Acme\u2028Corp'],
  ['U+202E', 'Acme\u202Egnp.exe'],
  ['U+200B', 'Ac\u200Bme'],
];
