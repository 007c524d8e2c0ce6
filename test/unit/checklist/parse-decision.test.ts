import { describe, expect, it } from 'vitest';
import { FORMS, fieldsFor } from '../../../functions/checklist/decision-forms.ts';
import { parseDecisionFields } from '../../../functions/checklist/parse-decision.ts';
import type { FormKind } from '../../../functions/checklist/stages.ts';
import { formCases, LIBRARY_WORDING, sampleFor } from '../../support/form-samples.ts';

/** A complete, valid submission of one form with one choice. */
function validAnswer(kind: FormKind, choice: string | undefined): Record<string, string> {
  const fields = Object.keys(fieldsFor(kind, choice));
  return {
    ...(choice ? { decision: choice } : {}),
    ...Object.fromEntries(fields.map((name) => [name, sampleFor(name)])),
  };
}

/** The field names the fields of other choices of the same form use (and this choice does not). */
function otherChoicesFields(kind: FormKind, choice: string | undefined): string[] {
  const own = new Set(Object.keys(fieldsFor(kind, choice)));
  return (FORMS[kind].choices ?? [])
    .flatMap((option) => Object.keys(option.fields))
    .filter((name) => !own.has(name));
}

const cases = formCases();

describe('decision forms, validated in plain words', () => {
  it.each(cases)('$kind / $choice: a complete answer is accepted', ({ kind, choice }) => {
    expect(parseDecisionFields(kind, validAnswer(kind, choice))).toMatchObject({ ok: true });
  });

  it.each(cases)(
    '$kind / $choice: fields of the other choices are ignored, not refused',
    ({ kind, choice }) => {
      const others = otherChoicesFields(kind, choice);
      const answer = {
        ...validAnswer(kind, choice),
        ...Object.fromEntries(others.map((name) => [name, sampleFor(name)])),
      };

      const parsed = parseDecisionFields(kind, answer);

      expect(parsed.ok).toBe(true);
      if (parsed.ok) for (const name of others) expect(parsed.fields).not.toHaveProperty(name);
    },
  );

  it.each(cases)(
    '$kind / $choice: each field left out is named, in words, and the rest is fine',
    ({ kind, choice, fields }) => {
      for (const name of fields) {
        const { [name]: _left, ...answer } = validAnswer(kind, choice);
        const parsed = parseDecisionFields(kind, answer);
        if (parsed.ok) continue; // an optional field
        expect(Object.keys(parsed.fieldErrors)).toEqual([name]);
        expect(parsed.fieldErrors[name]).not.toMatch(LIBRARY_WORDING);
        expect(parsed.fieldErrors[name]).toMatch(/^[A-Z].*[.]$/);
      }
    },
  );

  it.each(cases)('$kind / $choice: wrong kinds of values get plain words too', ({ kind, choice, fields }) => {
    for (const name of fields) {
      for (const bad of [['a', 'b'], 42, { nested: true }, null]) {
        const parsed = parseDecisionFields(kind, { ...validAnswer(kind, choice), [name]: bad });
        if (parsed.ok) continue;
        for (const message of Object.values(parsed.fieldErrors)) expect(message).not.toMatch(LIBRARY_WORDING);
      }
    }
  });

  it.each(Object.entries(FORMS).filter(([, form]) => form.choices))(
    '%s: no choice, or an unknown one, asks to choose in words',
    (kind, form) => {
      for (const decision of [undefined, 'maybe', ['approve', 'send-back']]) {
        const parsed = parseDecisionFields(kind as FormKind, decision === undefined ? {} : { decision });
        expect(parsed.ok).toBe(false);
        if (!parsed.ok) expect(parsed.fieldErrors.decision).toBe(form.chooseMessage);
      }
      expect(form.chooseMessage).toMatch(/^Choose /);
    },
  );

  it('says what to do when nothing is ticked or named', () => {
    const publication = parseDecisionFields('publication-request', { confirm: 'yes' });
    const content = parseDecisionFields('product-content-ready', {});
    expect(publication).toEqual({
      ok: false,
      fieldErrors: { products: 'Tick at least one product to publish.' },
    });
    expect(content).toMatchObject({
      ok: false,
      fieldErrors: { products: expect.stringMatching(/^Name at least one product/) },
    });
  });

  it('refuses a field the form does not have, naming it', () => {
    const parsed = parseDecisionFields('cloud-account-alias', { alias: 'ACME', admin: 'true' });
    expect(parsed).toEqual({
      ok: false,
      fieldErrors: { admin: 'This form has no field called “admin”: leave it out.' },
    });
  });

  it('takes a credit written with thousands separators, and records the digits', () => {
    for (const amount of ['2,500', '2 500', '2,500.00']) {
      const parsed = parseDecisionFields('credit-applied', { amount });
      expect(parsed).toMatchObject({
        ok: true,
        fields: { amount: amount.replace(/[ ,]/g, ''), currency: 'USD' },
      });
    }
  });
});
