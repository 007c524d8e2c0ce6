import { FORMS, fieldsFor } from '../../functions/checklist/decision-forms.ts';
import { type FormKind, STAGES } from '../../functions/checklist/stages.ts';

/**
 * A valid answer for every field name the forms have. Tests walk the forms from their own definitions
 * (`FORMS`): a field added there without a sample here fails `sampleFor`, so no field is left untested.
 */
export const FIELD_SAMPLES: Record<string, string> = {
  alias: 'ACME',
  portalAccount: 'ACME-PORTAL',
  reason: 'The alias is not in the Control Portal.',
  signerName: 'Ada Lovelace',
  signerTitle: 'CEO',
  agreementVersion: '2019-01',
  agreementSha256: '0'.repeat(64),
  accept: 'yes',
  amount: '2,500',
  currency: 'EUR',
  note: 'Billing reference 42',
  products: 'Insight Cloud',
  notes: 'Looks good.',
  confirm: 'yes',
  changes: 'Fixed the pricing page.',
  sendBackTo: 'content',
};

/** Words a schema library uses by itself; people must never read them. */
export const LIBRARY_WORDING = /Unrecognized|discriminator|Expected|must be a list|Invalid input/;

export function sampleFor(name: string): string {
  const sample = FIELD_SAMPLES[name];
  if (sample === undefined)
    throw new Error(`No sample answer for the form field "${name}": add one to FIELD_SAMPLES`);
  return sample;
}

/** Every form kind with the stage that shows it, and each of its choices (one `undefined` for forms without). */
export function formCases(): { kind: FormKind; choice: string | undefined; fields: string[] }[] {
  return (Object.keys(FORMS) as FormKind[]).flatMap((kind) => {
    const choices = FORMS[kind].choices?.map((choice) => choice.value) ?? [undefined];
    return choices.map((choice) => ({ kind, choice, fields: Object.keys(fieldsFor(kind, choice)) }));
  });
}

export function stageOfForm(kind: FormKind) {
  const stage = STAGES.find((candidate) => candidate.form === kind);
  if (!stage) throw new Error(`No stage uses the form ${kind}`);
  return stage;
}
