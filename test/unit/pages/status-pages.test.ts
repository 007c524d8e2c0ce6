import { describe, expect, it } from 'vitest';
import { stageDefinition } from '../../../functions/checklist/stages.ts';
import { escapeHtml } from '../../../functions/pages/html.ts';
import {
  PAGE_CSS,
  renderDonePage,
  renderExpiredPage,
  renderMessagePage,
  renderRenewSentPage,
} from '../../../functions/pages/index.ts';
import { HOSTILE, party, resources } from './fixtures.ts';
import { documentProblems, startTags, visibleText } from './markup.ts';

const ESCAPED_HOSTILE = '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; &#96;tick&#96;';

const decided = {
  party,
  stage: stageDefinition('provider-agreement'),
  decidedBy: 'dana@acme.example',
  decidedAt: '2026-11-20T14:05:00.000Z',
  outcome: 'submitted',
};

describe('done page', () => {
  it('thanks the person right after their answer is recorded', () => {
    const page = renderDonePage({ ...decided, justNow: true });

    expect(page).toContain('<h1>Thank you — your answer is recorded</h1>');
    expect(visibleText(page)).toContain(
      'We recorded your answer for Step 3 of 9, Marketplace Provider Agreement.',
    );
    expect(documentProblems(page)).toEqual([]);
  });

  it('keeps the brand frame, repeats the answer, says what comes next and links back to the checklist', () => {
    const page = renderDonePage({
      ...decided,
      stage: stageDefinition('product-content'),
      fields: { products: ['Insight Cloud', 'Insight Edge'], notes: 'Both ready.' },
      recipientRole: 'provider',
      overviewUrl: 'https://onboarding.example/p/abc',
      resources,
      justNow: true,
    });
    const text = visibleText(page);

    expect(text).toContain('Lumen Marketplace onboarding');
    expect(text).toContain(`Questions? Write to us at ${resources.contactEmail}`);
    expect(text).toContain('Products that are ready Insight Cloud, Insight Edge');
    expect(text).toContain('Notes Both ready.');
    expect(text).toContain('Your next step is yours too');
    expect(text).not.toContain('you will hear from us');
    expect(startTags(page, 'a').map((a) => a.href)).toContain('https://onboarding.example/p/abc');
    expect(documentProblems(page)).toEqual([]);
  });

  it('calls recording a credit what it is, not an approval', () => {
    const page = renderDonePage({
      ...decided,
      stage: stageDefinition('provider-credit'),
      outcome: 'approved',
      fields: { amount: '2500', currency: 'USD' },
      recipientRole: 'rep',
      justNow: true,
    });

    expect(visibleText(page)).toContain('Outcome Credit recorded');
    expect(visibleText(page)).not.toContain('Approved');
  });

  it('says who already did the step and when, on a second click', () => {
    const page = renderDonePage({
      ...decided,
      stage: stageDefinition('marketplace-approval'),
      product: 'Insight Cloud',
      outcome: 'changes-requested',
      justNow: false,
    });
    const text = visibleText(page);

    expect(page).toContain('<h1>This step is already done</h1>');
    expect(text).toContain(
      'Step 8 of 9, Marketplace approval: Insight Cloud was already done by dana@acme.example on Friday 20 November 2026, 14:05 UTC',
    );
    expect(text).toContain('Outcome Sent back for changes');
    expect(documentProblems(page)).toEqual([]);
  });

  it('escapes who decided, the company, the product and an unknown outcome', () => {
    const page = renderDonePage({
      ...decided,
      party: { ...party, company: HOSTILE },
      product: HOSTILE,
      decidedBy: HOSTILE,
      outcome: HOSTILE,
      justNow: false,
    });

    expect(page).not.toContain('<img');
    expect(page).toContain(ESCAPED_HOSTILE);
  });
});

describe('expired link page', () => {
  const view = { stage: stageDefinition('cloud-account'), resources, renewUrl: '/a/abcdef/renew' };

  it('offers one button that POSTs to the renew address, and asks for no address', () => {
    const page = renderExpiredPage(view);

    expect(startTags(page, 'form')).toEqual([
      { action: '/a/abcdef/renew', method: 'post', enctype: 'application/x-www-form-urlencoded' },
    ]);
    expect(startTags(page, 'button')).toHaveLength(1);
    expect(startTags(page, 'input')).toEqual([]);
    expect(documentProblems(page)).toEqual([]);
  });

  it('explains the new link goes only to the address on file', () => {
    const text = visibleText(renderExpiredPage(view));

    expect(text).toContain('This link has expired');
    expect(text).toContain('It goes to the address this step was sent to, never to any other address.');
    expect(text).toContain(resources.contactEmail);
  });

  it('will not post anywhere but http(s) or a same-site path', () => {
    const page = renderExpiredPage({ ...view, renewUrl: 'javascript:alert(1)' });

    expect(startTags(page, 'form')[0]?.action).toBe('#');
  });
});

describe('new link sent page', () => {
  it('says where the new link went, where else to look and whom to ask (the same page when the limits held it back)', () => {
    const page = renderRenewSentPage({ resources });
    const text = visibleText(page);

    expect(text).toContain('We have just sent a link to the address this step was sent to.');
    expect(text).toContain('spam');
    expect(text).toContain(`If it does not arrive, write to ${resources.contactEmail}`);
    expect(documentProblems(page)).toEqual([]);
  });
});

describe('message page', () => {
  it('shows the title and the message, and never the HTTP status', () => {
    const page = renderMessagePage({
      title: 'Link not found',
      message: 'This link is not valid.',
      status: 404,
      resources,
    });
    const text = visibleText(page);

    expect(page).toContain('<h1>Link not found</h1>');
    expect(text).toContain('This link is not valid.');
    expect(text).not.toMatch(/HTTP|status|404/i);
    expect(documentProblems(page)).toEqual([]);
  });

  it('works without configuration, for errors before it is loaded', () => {
    const page = renderMessagePage({
      title: 'Something went wrong',
      message: 'Please try again.',
      status: 500,
    });

    expect(page).toContain('<title>Something went wrong — Marketplace onboarding</title>');
    expect(documentProblems(page)).toEqual([]);
  });

  it('escapes the title and the message', () => {
    const page = renderMessagePage({ title: HOSTILE, message: HOSTILE, status: 400 });

    expect(page).not.toContain('<img');
    expect(page).toContain(`<h1>${ESCAPED_HOSTILE}</h1>`);
  });
});

describe('page stylesheet', () => {
  it('is unchanged by escaping, so the page carries it byte for byte', () => {
    expect(escapeHtml(PAGE_CSS)).toBe(PAGE_CSS);
    expect(renderRenewSentPage({ resources })).toContain(`<style>${PAGE_CSS}</style>`);
  });

  it('shows where keyboard focus is', () => {
    expect(PAGE_CSS).toContain(':focus-visible { outline: 3px solid');
  });
});
