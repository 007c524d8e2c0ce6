import type * as z from 'zod';
import { allFieldNames, type FieldDefinition, FORMS, fieldsFor } from './decision-forms.ts';
import * as kit from './form-schema-kit.ts';
import type { FormKind } from './stages.ts';

const built = new WeakMap<FieldDefinition, z.ZodType>();

/**
 * A field's schema, built from the kit the first time it is needed and kept. This module is loaded
 * with the first submission (`import()` in record-decision), so the schema library is too.
 */
export function schemaOf(field: FieldDefinition): z.ZodType {
  let schema = built.get(field);
  if (!schema) {
    schema = field.schema(kit);
    built.set(field, schema);
  }
  return schema;
}

export type ParsedDecision =
  | { ok: true; fields: Record<string, unknown> }
  | { ok: false; fieldErrors: Record<string, string> };

/**
 * Validates what a person (or the callback API) submitted for one form, in the form's own words.
 * Fields of the options not chosen are dropped before validation, never refused; only the fields that
 * apply are judged, and each problem is reported once, against its field.
 */
export function parseDecisionFields(kind: FormKind, raw: unknown): ParsedDecision {
  const form = FORMS[kind];
  const input: Record<string, unknown> =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const errors: Record<string, string> = {};

  const known = new Set(allFieldNames(kind));
  for (const name of Object.keys(input)) {
    if (!known.has(name))
      errors[name] = `This form has no field called “${name.slice(0, 40)}”: leave it out.`;
  }

  let choice: string | undefined;
  if (form.choices) {
    const value = input.decision;
    choice = form.choices.find((option) => option.value === value)?.value;
    if (!choice) errors.decision = form.chooseMessage ?? 'Choose one of the options.';
  }

  const applicable = fieldsFor(kind, choice);
  const fields: Record<string, unknown> = choice ? { decision: choice } : {};
  for (const [name, definition] of Object.entries(applicable)) {
    const parsed = schemaOf(definition).safeParse(input[name]);
    if (parsed.success) {
      if (parsed.data !== undefined) fields[name] = parsed.data;
    } else {
      errors[name] = plainMessage(parsed.error, definition.label);
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, fieldErrors: errors } : { ok: true, fields };
}

// Messages a schema library writes by itself (not ours): never shown to people.
const LIBRARY_WORDING = /Unrecognized|discriminator|Expected|Invalid input|must be a list/i;

/** The first message for the field; a library's own wording is replaced by a plain sentence naming it. */
function plainMessage(error: z.ZodError, label: string): string {
  const message = error.issues[0]?.message ?? '';
  return message === '' || LIBRARY_WORDING.test(message)
    ? `Check ${label.toLowerCase()}: it is not valid.`
    : message;
}
