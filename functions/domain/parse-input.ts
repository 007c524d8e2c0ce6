import type * as z from 'zod';
import { InvalidInputError } from './errors.ts';
import type * as InputSchemas from './input-schemas.ts';

type Forms = typeof InputSchemas.INPUT_FORMS;
export type InputForm = keyof Forms;
/** What a form gives once it parses. */
export type InputOf<F extends InputForm> = z.output<ReturnType<Forms[F]>>;

/**
 * Checks what a person or ops typed into one of the forms in `input-schemas.ts`, whose messages are
 * already plain words, and names each field in the error; nothing is done with input that fails. The
 * schemas (and the schema library) are loaded with the first submission, not when a function starts:
 * most cold starts only show a page.
 */
export async function parseInput<F extends InputForm>(
  form: F,
  raw: unknown,
  what: string,
): Promise<InputOf<F>> {
  const { inputSchema } = await import('./input-schemas.ts');
  const parsed = inputSchema(form).safeParse(raw);
  if (parsed.success) return parsed.data as InputOf<F>;
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : String(issue.path[0] ?? what);
    fieldErrors[field] ??= issue.code === 'unrecognized_keys' ? 'Not a field this takes.' : issue.message;
  }
  throw new InvalidInputError(
    `${what}: ${Object.entries(fieldErrors)
      .map(([field, message]) => `${field}: ${message}`)
      .join(' ')}`,
    fieldErrors,
  );
}
