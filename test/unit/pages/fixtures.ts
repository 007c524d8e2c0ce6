import { allFieldNames, FORMS } from '../../../functions/checklist/decision-forms.ts';
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

/** The field names a form accepts, whatever the choice. */
export function schemaFieldNames(kind: FormKind): string[] {
  return allFieldNames(kind).sort();
}

/** The values of a form's `decision` choices, in definition order (what the radios must offer). */
export function decisionChoices(kind: FormKind): string[] {
  return (FORMS[kind].choices ?? []).map((choice) => choice.value);
}
