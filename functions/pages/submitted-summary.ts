import { FORMS, fieldsFor } from '../checklist/decision-forms.ts';
import type { FormKind } from '../checklist/stages.ts';

/**
 * What a person submitted, as label and value pairs in the form's own words, for the page that
 * confirms it. Fields that only carry the page's context (the agreement version's hash) are shown
 * as what they are.
 */
export function submittedSummary(kind: FormKind, fields: Record<string, unknown>): [string, string][] {
  const form = FORMS[kind];
  const choice = typeof fields.decision === 'string' ? fields.decision : undefined;
  const rows: [string, string][] = [];
  const chosen = form.choices?.find((option) => option.value === choice);
  if (chosen) rows.push(['Your answer', chosen.label]);
  for (const [name, definition] of Object.entries(fieldsFor(kind, choice))) {
    const value = fields[name];
    if (value === undefined || name === 'accept' || name === 'confirm') continue;
    const label = name === 'agreementSha256' ? 'Fingerprint of the text (SHA-256)' : definition.label;
    rows.push([label, Array.isArray(value) ? value.map(String).join(', ') : String(value)]);
  }
  return rows;
}

/** The outcome in words, for this form: recording a credit is not "approving" anything. */
export function outcomeWords(
  kind: FormKind | undefined,
  fields: Record<string, unknown>,
  outcome: string,
): string {
  if (kind === 'credit-applied') return 'Credit recorded';
  if (kind === 'agreement-acceptance') return 'Agreement accepted';
  const chosen = kind && FORMS[kind].choices?.find((option) => option.value === fields.decision);
  if (chosen) return chosen.label;
  return OUTCOME_WORDS[outcome] ?? outcome;
}

const OUTCOME_WORDS: Record<string, string> = {
  submitted: 'Submitted',
  approved: 'Approved',
  'changes-requested': 'Sent back for changes',
  withdrawn: 'Withdrawn',
};
