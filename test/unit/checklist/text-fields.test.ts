import { describe, expect, it } from 'vitest';
import {
  emailAddress,
  multiLineText,
  singleLineText,
  textProblem,
} from '../../../functions/checklist/text-fields.ts';
import { inputSchema } from '../../../functions/domain/input-schemas.ts';
import { startOnboardingFields } from '../../../functions/domain/start-onboarding-request.ts';
import { formSchemas } from '../../support/form-schemas.ts';
import { ILL_FORMED } from '../../support/ill-formed-text.ts';
import { freeTextFieldsOf, withTextAt } from '../../support/text-fields-of.ts';

describe('the one text check', () => {
  it.each(ILL_FORMED)('refuses %s with a plain message naming the field', (_label, value) => {
    const message = textProblem('Company', value);
    expect(message).toMatch(/^Company contains .+ Retype it and try again\.$/);
    expect(singleLineText('Company', 120).safeParse(value).success).toBe(false);
    expect(multiLineText('Reason', 2000).safeParse(value).success).toBe(false);
  });

  it('refuses them where trimming would have dropped them silently', () => {
    for (const value of ['Acme\u2028', '\uFEFFAcme', 'Acme\u2029 ']) {
      expect(singleLineText('Company', 120).safeParse(value).success).toBe(false);
    }
  });

  it('keeps tabs and newlines in multi-line text and stores text in NFC, trimmed', () => {
    expect(multiLineText('Reason', 100).parse(' Line one\n\tLine two ')).toBe('Line one\n\tLine two');
    const decomposed = 'Cafe\u0301 Zoe\u0308';
    expect(singleLineText('Company', 120).parse(decomposed)).toBe('Café Zoë');
    expect(singleLineText('Company', 120).parse(decomposed)).toHaveLength(8);
  });

  it('accepts the names people have', () => {
    for (const name of ['Zoë Ørsted', '山田 太郎', 'محمد', "O'Brien & Sons, Inc.", 'Łódź Software']) {
      expect(singleLineText('Contact name', 120).safeParse(name)).toMatchObject({ success: true });
    }
  });

  it('checks email addresses the same way', () => {
    const result = emailAddress('Rep email').safeParse('rep\u200b@marketplace.example');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('Rep email contains invisible');
  });
});

describe('every text field of every form and API', () => {
  const schemas = {
    ...formSchemas,
    start: startOnboardingFields,
    'hand-over': inputSchema('handOver'),
    'contact-change': inputSchema('contactChange'),
    'add-product': inputSchema('product'),
    'invite-colleague': inputSchema('invite'),
    'provider-product': inputSchema('providerProduct'),
    'queue-contact': inputSchema('queueContact'),
    // The signed ops API (POST /onboardings/{id}/hand-over, /out-of-office, /rep).
    'api-hand-over': inputSchema('handOverStep'),
    'api-out-of-office': inputSchema('outOfOffice'),
    'api-rep': inputSchema('repChange'),
    // A question or an answer on a step (its page, the checklist, the queue, the CLI and the API).
    'step-message': inputSchema('message'),
  };
  const fields = Object.entries(schemas).flatMap(([form, schema]) =>
    freeTextFieldsOf(schema).map((field) => [form, field] as const),
  );

  it('is found by walking the schemas', () => {
    expect(fields.map(([form, field]) => `${form}.${field}`)).toEqual(
      expect.arrayContaining([
        'portal-access-confirmation.reason',
        'agreement-acceptance.signerName',
        'product-content-ready.products',
        'start.company',
        'start.contactEmail',
      ]),
    );
    expect(fields.map(([form, field]) => `${form}.${field}`)).toEqual(
      expect.arrayContaining([
        'api-hand-over.product',
        'api-hand-over.to',
        'api-hand-over.note',
        'api-out-of-office.from',
        'api-rep.reason',
      ]),
    );
    expect(fields.length).toBeGreaterThanOrEqual(20);
  });

  it.each(fields)(
    "%s.%s refuses every ill-formed text with its own words, never a schema library's",
    (form, field) => {
      const schema = schemas[form as keyof typeof schemas];
      const asValue = (text: string) => (field === 'products' ? [text] : text);
      // An answer the field belongs to (forms with a decision have one shape per choice).
      const base = VALID_ANSWERS[form]?.find((answer) =>
        ['ACME', 'acme@example.com'].some(
          (probe) => schema.safeParse(withTextAt(answer, field, asValue(probe))).success,
        ),
      );
      expect(base, `no valid answer of ${form} takes ${field}`).toBeDefined();
      for (const [, value] of ILL_FORMED) {
        const result = schema.safeParse(withTextAt(base as Record<string, unknown>, field, asValue(value)));
        expect(result.success, `${form}.${field} accepted ${JSON.stringify(value)}`).toBe(false);
        const messages = result.error?.issues.map((issue) => issue.message).join(' ') ?? '';
        expect(messages).toMatch(/contains .+ Retype it|single email address|letters or digits/);
        expect(messages).not.toMatch(/Invalid|expected|received|Unrecognized/);
      }
    },
  );
});

/** Valid answers of each form, one per shape, so only the field under test is wrong. */
const VALID_ANSWERS: Record<string, Record<string, unknown>[]> = {
  'cloud-account-alias': [{ alias: 'ACME' }],
  'portal-access-confirmation': [{ decision: 'approve' }, { decision: 'send-back', reason: 'x' }],
  'agreement-acceptance': [{ signerName: 'A', signerTitle: 'B', agreementVersion: '1', accept: 'yes' }],
  'credit-applied': [{ amount: '10' }],
  'product-content-ready': [{ products: ['P'] }],
  'publication-request': [{ products: ['P'], confirm: 'yes' }],
  'integration-sign-off': [{ decision: 'approve' }, { decision: 'send-back', reason: 'x' }],
  'product-revision': [
    { decision: 'resubmit', changes: 'x' },
    { decision: 'withdraw', reason: 'x' },
  ],
  'marketplace-approval': [
    { decision: 'approve' },
    { decision: 'request-changes', sendBackTo: 'content', reason: 'x' },
    { decision: 'withdraw', reason: 'x' },
  ],
  start: [
    {
      company: 'A',
      contactName: 'B',
      contactEmail: 'a@b.example',
      repEmail: 'r@b.example',
      team: [{ name: 'C', email: 'c@b.example' }],
    },
  ],
  'hand-over': [{ to: 'new@b.example' }],
  'contact-change': [{ email: 'new@b.example' }],
  'add-product': [{ product: 'P' }],
  'invite-colleague': [{ name: 'A', email: 'a@b.example' }],
  'provider-product': [{ product: 'P', notes: 'N', confirm: 'yes' }],
  'queue-contact': [{ name: 'A', email: 'a@b.example', reason: 'R' }],
  'api-hand-over': [{ stage: 'technical-integration', product: 'P', to: 'new@b.example', note: 'N' }],
  'api-out-of-office': [{ from: 'old@b.example', to: 'new@b.example', note: 'N' }],
  'api-rep': [{ email: 'new@b.example', reason: 'R' }],
  'step-message': [{ message: 'M', submission: 'submission-00000001' }],
};
