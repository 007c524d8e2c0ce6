import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CURRENCIES } from '../../../functions/checklist/decision-forms.ts';
import { stageDefinition } from '../../../functions/checklist/stages.ts';
import { renderActionPage } from '../../../functions/pages/action-page.ts';
import { PAGE_CSS } from '../../../functions/pages/styles.ts';
import {
  decisionChoices,
  FORM_STAGES,
  HOSTILE,
  pageView,
  party,
  resources,
  schemaFieldNames,
  viewFor,
} from './fixtures.ts';
import { documentProblems, elementById, startTags, visibleText } from './markup.ts';

const ESCAPED_HOSTILE = '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; &#96;tick&#96;';

function controls(page: string) {
  return [...startTags(page, 'input'), ...startTags(page, 'textarea'), ...startTags(page, 'select')];
}

describe('action page, for every form', () => {
  it.each(FORM_STAGES.map((stage) => [stage.form, stage] as const))(
    '%s: is a complete document with one h1, a title, lang, viewport and no script',
    (_, stage) => {
      const page = renderActionPage(pageView(stage));

      expect(documentProblems(page)).toEqual([]);
    },
  );

  it.each(FORM_STAGES.map((stage) => [stage.form, stage] as const))(
    '%s: has a control named after each field of its schema, and no other',
    (kind, stage) => {
      const page = renderActionPage(pageView(stage));

      const names = [...new Set(controls(page).map((control) => control.name))].sort();

      expect(names).toEqual(schemaFieldNames(kind));
    },
  );

  it.each(FORM_STAGES.map((stage) => [stage.form, stage] as const))(
    '%s: gives every visible control a label bound to its id',
    (_, stage) => {
      const page = renderActionPage(pageView(stage));
      const labelled = new Set(startTags(page, 'label').map((label) => label.for));

      const visible = controls(page).filter((control) => control.type !== 'hidden');

      expect(visible.length).toBeGreaterThan(0);
      for (const control of visible) expect(labelled, `control ${control.name}`).toContain(control.id);
    },
  );

  it.each(FORM_STAGES.map((stage) => [stage.form, stage] as const))(
    '%s: posts urlencoded to its own URL',
    (_, stage) => {
      const page = renderActionPage(pageView(stage));

      expect(startTags(page, 'form')).toEqual([
        { action: '', method: 'post', enctype: 'application/x-www-form-urlencoded', novalidate: '' },
      ]);
      expect(startTags(page, 'button')).toEqual([{ type: 'submit', class: 'button' }]);
    },
  );

  it.each(FORM_STAGES.map((stage) => [stage.form, stage] as const))(
    '%s: shows the responsible party, the step number and the deadline',
    (_, stage) => {
      const page = renderActionPage(pageView(stage));
      const text = visibleText(page);

      expect(text).toContain('Responsible party');
      expect(text).toContain(`Step ${stage.step} of 9`);
      expect(text).toContain('Please respond by Tuesday 1 December 2026, 17:00 UTC');
      expect(startTags(page, 'time')[0]?.datetime).toBe('2026-12-01T17:00:00.000Z');
    },
  );

  it.each(FORM_STAGES.map((stage) => [stage.form, stage] as const))(
    '%s: keeps radios and checkbox lists in a fieldset with a legend',
    (_, stage) => {
      const page = renderActionPage(pageView(stage));
      const fieldsets = [...page.matchAll(/<fieldset[\s\S]*?<\/fieldset>/g)].map((match) => match[0]);

      const grouped = fieldsets.flatMap((fieldset) => startTags(fieldset, 'input'));

      for (const fieldset of fieldsets)
        expect(fieldset).toMatch(/^<fieldset[^>]*>\s*<legend>[^<]+<\/legend>/);
      expect(grouped).toEqual(
        startTags(page, 'input').filter(
          (input) => input.type === 'radio' || (input.name === 'products' && input.type === 'checkbox'),
        ),
      );
    },
  );

  it.each(
    FORM_STAGES.filter((stage) => decisionChoices(stage.form).length > 0).map(
      (stage) => [stage.form, stage] as const,
    ),
  )('%s: offers exactly the decisions its schema accepts, as radio buttons', (kind, stage) => {
    const page = renderActionPage(pageView(stage));

    const radios = startTags(page, 'input').filter((input) => input.name === 'decision');

    expect(radios.every((radio) => radio.type === 'radio')).toBe(true);
    expect(radios.map((radio) => radio.value)).toEqual(decisionChoices(kind));
  });

  it.each(FORM_STAGES.map((stage) => [stage.form, stage] as const))(
    '%s: includes the stylesheet verbatim, so a CSP hash of PAGE_CSS matches',
    (_, stage) => {
      const page = renderActionPage(pageView(stage));

      expect(page).toContain(`<style>${PAGE_CSS}</style>`);
    },
  );
});

describe('action page fields per form', () => {
  it('cloud account: the alias field explains the format and links to help and a free account', () => {
    const page = renderActionPage(viewFor('cloud-account-alias'));
    const alias = startTags(page, 'input').find((input) => input.name === 'alias');
    const hint = elementById(page, 'field-alias-hint') ?? '';

    expect(alias?.['aria-describedby']).toBe('field-alias-hint');
    expect(visibleText(hint)).toContain('2 to 6 letters or digits');
    expect(startTags(hint, 'a').map((a) => a.href)).toEqual([
      resources.aliasHelpUrl,
      resources.freeAccountUrl,
    ]);
  });

  it('agreement: shows the version, links the guidance, carries the version and asks for an explicit “I accept”', () => {
    const page = renderActionPage(viewFor('agreement-acceptance'));
    const inputs = startTags(page, 'input');

    expect(visibleText(page)).toContain('version 2019-01 of the Marketplace Provider Agreement');
    expect(startTags(page, 'a').map((a) => a.href)).toContain(resources.agreementGuidanceUrl);
    expect(inputs.find((input) => input.name === 'agreementVersion')).toEqual({
      type: 'hidden',
      name: 'agreementVersion',
      value: '2019-01',
    });
    expect(inputs.find((input) => input.name === 'accept')).toMatchObject({ type: 'checkbox', value: 'yes' });
    expect(page).toContain(
      '<label for="field-accept">I accept the Marketplace Provider Agreement (version 2019-01) shown above, on behalf of Acme Analytics</label>',
    );
    // The agreement itself is on the page, and its fingerprint goes back with the answer.
    expect(visibleText(elementById(page, 'agreement-title') ?? '')).toContain('version 2019-01');
    expect(visibleText(page)).toContain('PLACEHOLDER — NOT THE REAL AGREEMENT');
    expect(inputs.find((input) => input.name === 'agreementSha256')?.value).toBe(
      createHash('sha256').update(resources.agreementText).digest('hex'),
    );
    // The signer is most likely the contact on file.
    expect(inputs.find((input) => input.name === 'signerName')?.value).toBe(party.contactName);
  });

  it('credit: offers the currencies the schema accepts, US dollars first chosen', () => {
    const page = renderActionPage(viewFor('credit-applied'));

    const options = startTags(page, 'option');

    expect(options.map((option) => option.value)).toEqual(CURRENCIES);
    expect(options.filter((option) => 'selected' in option).map((option) => option.value)).toEqual(['USD']);
  });

  it('product content: asks for products one per line in a textarea', () => {
    const page = renderActionPage(viewFor('product-content-ready'));

    expect(startTags(page, 'textarea').map((area) => area.name)).toEqual(['products', 'notes']);
    expect(visibleText(elementById(page, 'field-products-hint') ?? '')).toContain(
      'One product name per line',
    );
  });

  it('publication request: one checkbox per ready product, plus the confirmation', () => {
    const page = renderActionPage(viewFor('publication-request'));

    const boxes = startTags(page, 'input').filter((input) => input.type === 'checkbox');

    expect(boxes.map((box) => [box.name, box.value])).toEqual([
      ['products', 'Insight Cloud'],
      ['products', 'Insight Edge'],
      ['confirm', 'yes'],
    ]);
  });

  it('publication request without a ready list: asks for the product by name', () => {
    const page = renderActionPage(viewFor('publication-request', { facts: { agreementVersion: '2019-01' } }));

    expect(startTags(page, 'input').find((input) => input.name === 'products')?.type).toBe('text');
  });

  it('marketplace approval: says when the destination and the reason are needed', () => {
    const page = renderActionPage(viewFor('marketplace-approval'));

    expect(visibleText(elementById(page, 'field-sendBackTo-hint') ?? '')).toBe(
      'Required if you request changes.',
    );
    expect(visibleText(elementById(page, 'field-reason-hint') ?? '')).toContain(
      'Required if you request changes or withdraw the product',
    );
    expect(
      startTags(page, 'input')
        .filter((input) => input.name === 'sendBackTo')
        .map((input) => input.value),
    ).toEqual(['content', 'integration']);
  });

  it('product revision: shows why the product came back', () => {
    const page = renderActionPage(
      viewFor('product-revision', {
        feedback: { fromStage: 'billing-integration', reason: 'Rates are missing.' },
      }),
    );

    expect(visibleText(page)).toContain(
      'Why this came back to you From Billing integration: Rates are missing.',
    );
  });

  it('refuses a stage nobody acts on', () => {
    expect(() => renderActionPage(pageView(stageDefinition('published')))).toThrow(/no form/);
  });
});

describe('action page errors', () => {
  const withErrors = viewFor('integration-sign-off', {
    errors: { decision: 'Choose whether to sign off or send back.', reason: 'Reason is required.' },
    values: { decision: 'send-back', notes: 'Tested on staging' },
  });

  it('puts each message next to its field and ties it with aria-describedby', () => {
    const page = renderActionPage(withErrors);

    const reason = startTags(page, 'textarea').find((area) => area.name === 'reason');
    const group = startTags(page, 'fieldset')[0];

    expect(reason?.['aria-describedby']).toBe('field-reason-hint field-reason-error');
    expect(reason?.['aria-invalid']).toBe('true');
    expect(visibleText(elementById(page, 'field-reason-error') ?? '')).toBe('Error: Reason is required.');
    expect(group?.['aria-describedby']).toBe('field-decision-error');
    expect(visibleText(elementById(page, 'field-decision-error') ?? '')).toBe(
      'Error: Choose whether to sign off or send back.',
    );
  });

  it('lists every problem in a summary at the top, linked to its field, and says so in the title', () => {
    const page = renderActionPage(withErrors);
    const summary = elementById(page, 'error-summary-title') ?? '';

    expect(summary).toContain('There is a problem');
    expect(startTags(page, 'a').filter((a) => a.href?.startsWith('#field-'))).toEqual([
      { href: '#field-decision' },
      { href: '#field-reason' },
    ]);
    expect(page).toMatch(/<title>Error: Technical integration: Insight Cloud/);
    expect(documentProblems(page)).toEqual([]);
  });

  it('lists a problem without a visible field as text, with the explanation above it', () => {
    const page = renderActionPage(
      viewFor('agreement-acceptance', {
        errors: { agreementVersion: 'The current version is 2019-02.' },
        errorSummary: 'The agreement changed since this page was opened.',
      }),
    );

    expect(visibleText(page)).toContain(
      'There is a problem The agreement changed since this page was opened. The current version is 2019-02.',
    );
    expect(startTags(page, 'a').filter((a) => a.href === '#field-agreementVersion')).toEqual([]);
  });

  it('puts the answers back into the form', () => {
    const page = renderActionPage(withErrors);

    expect(startTags(page, 'input').find((input) => input.value === 'send-back')).toHaveProperty('checked');
    expect(page).toContain(
      'name="notes" rows="4" aria-describedby="field-notes-hint">\nTested on staging</textarea>',
    );
  });

  it('puts a product list back one per line and ticked boxes back ticked', () => {
    const content = renderActionPage(viewFor('product-content-ready', { values: { products: ['A', 'B'] } }));
    const publication = renderActionPage(
      viewFor('publication-request', { values: { products: 'Insight Edge', confirm: 'yes' } }),
    );

    const ticked = startTags(publication, 'input').filter((input) => 'checked' in input);

    expect(content).toContain('>\nA\nB</textarea>');
    expect(ticked.map((input) => input.value)).toEqual(['Insight Edge', 'yes']);
  });
});

describe('action page escaping', () => {
  it.each(FORM_STAGES.map((stage) => [stage.form, stage] as const))(
    '%s: escapes company, contact, product, alias, products, reasons and re-filled values',
    (kind, stage) => {
      const values = Object.fromEntries(schemaFieldNames(kind).map((name) => [name, HOSTILE]));

      const page = renderActionPage(
        pageView(stage, {
          party: { ...party, company: HOSTILE, contactName: HOSTILE, alias: HOSTILE },
          product: HOSTILE,
          feedback: { fromStage: 'marketplace-approval', reason: HOSTILE },
          facts: { products: [HOSTILE], alias: HOSTILE, agreementVersion: HOSTILE },
          errors: { [schemaFieldNames(kind)[0] ?? 'form']: HOSTILE },
          values,
        }),
      );

      expect(page).not.toContain('<img');
      expect(page).not.toContain('onerror="');
      expect(page).toContain(ESCAPED_HOSTILE);
      expect(documentProblems(page)).toEqual([]);
    },
  );
});
