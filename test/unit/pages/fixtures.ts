import { z } from 'zod';
import { formSchemas } from '../../../functions/checklist/decision-forms.ts';
import {
  type FormKind,
  STAGES,
  type StageDefinition,
  stageDefinition,
} from '../../../functions/checklist/stages.ts';
import type { ActionPageView } from '../../../functions/pages/action-page.ts';
import { party, resources } from '../emails/fixtures.ts';

export { HOSTILE, party, resources } from '../emails/fixtures.ts';

/** One stage per form kind (both integration sign-offs share a form; technical stands for it). */
export const FORM_STAGES: (StageDefinition & { form: FormKind })[] = Object.values(
  Object.fromEntries(
    STAGES.filter((stage): stage is StageDefinition & { form: FormKind } => stage.form !== undefined)
      .reverse()
      .map((stage) => [stage.form, stage]),
  ),
);

export function pageView(stage: StageDefinition, overrides: Partial<ActionPageView> = {}): ActionPageView {
  return {
    party,
    stage,
    product: stage.perProduct ? 'Insight Cloud' : undefined,
    recipientRole: stage.actor === 'system' ? 'provider' : stage.actor,
    deadline: '2026-12-01T17:00:00.000Z',
    facts: { products: ['Insight Cloud', 'Insight Edge'], alias: 'ACME', agreementVersion: '2019-01' },
    resources,
    ...overrides,
  };
}

export function viewFor(kind: FormKind, overrides: Partial<ActionPageView> = {}): ActionPageView {
  const stage = FORM_STAGES.find((candidate) => candidate.form === kind) ?? stageDefinition('cloud-account');
  return pageView(stage, overrides);
}

/** The field names a form's schema accepts: the keys of its object, or of every branch of its union. */
export function schemaFieldNames(kind: FormKind): string[] {
  const schema: z.ZodType = formSchemas[kind];
  const objects = schema instanceof z.ZodDiscriminatedUnion ? (schema.options as z.ZodType[]) : [schema];
  const names = objects.flatMap((object) => (object instanceof z.ZodObject ? Object.keys(object.shape) : []));
  return [...new Set(names)].sort();
}

/** The values of a union's `decision` literal, in schema order (what the radios must offer). */
export function decisionChoices(kind: FormKind): string[] {
  const schema: z.ZodType = formSchemas[kind];
  if (!(schema instanceof z.ZodDiscriminatedUnion)) return [];
  return (schema.options as z.ZodObject[]).map((option) =>
    String((option.shape.decision as z.ZodLiteral).value),
  );
}
