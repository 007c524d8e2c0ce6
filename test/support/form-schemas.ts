import * as z from 'zod';
import { type FieldDefinition, FORMS } from '../../functions/checklist/decision-forms.ts';
import { schemaOf } from '../../functions/checklist/parse-decision.ts';
import type { FormKind } from '../../functions/checklist/stages.ts';

const schemasOf = (fields: Record<string, FieldDefinition>) =>
  Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, schemaOf(field)]));

/**
 * Each form as one zod schema built from its definition (`FORMS`): a strict object, or a union of one
 * strict object per choice. For tests that walk every field of every form or try answers against it.
 */
export const formSchemas = Object.fromEntries(
  Object.entries(FORMS).map(([kind, form]) => {
    if (!form.choices) return [kind, z.strictObject(schemasOf(form.fields))];
    const options = form.choices.map((choice) =>
      z.strictObject({
        ...schemasOf(form.fields),
        decision: z.literal(choice.value),
        ...schemasOf(choice.fields),
      }),
    );
    return [kind, z.union(options as unknown as [z.ZodType, ...z.ZodType[]])];
  }),
) as Record<FormKind, z.ZodType>;
