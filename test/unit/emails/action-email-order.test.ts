import { describe, expect, it } from 'vitest';
import { renderActionEmail } from '../../../functions/emails/action-email.ts';
import { renderProductOutcomeEmail } from '../../../functions/emails/product-outcome-email.ts';
import { startTags } from '../pages/markup.ts';
import { ACTION_STAGES, ACTION_URL, actionInput, party, resources } from './fixtures.ts';

/** The HTML's first block after the brand line: the first element inside the email's column. */
function firstHtmlBlock(html: string): string {
  const column = html.slice(html.indexOf('<div'));
  const afterBrand = column.slice(column.indexOf('</p>') + 4);
  const match = afterBrand.match(/<(p|h1|table|div|ul|blockquote)[\s>][\s\S]*?<\/\1>/);
  return match?.[0] ?? '';
}

describe('action emails put the link first', () => {
  it.each(ACTION_STAGES)(
    '%s: the action link is in the first 3 lines of the text and the first HTML block',
    (key) => {
      for (const kind of ['action-request', 'reminder', 'renewed-link'] as const) {
        const email = renderActionEmail(actionInput(key, { kind }));
        expect(email.text.split('\n').slice(0, 3).join('\n')).toContain(ACTION_URL);
        expect(startTags(firstHtmlBlock(email.html), 'a').map((a) => a.href)).toContain(ACTION_URL);
      }
    },
  );
});

describe('send-back emails say so', () => {
  it.each([
    ['cloud-account', 'portal-access', 'Step 1 of 9'],
    ['product-revision', 'technical-integration', 'Step 7 of 9'],
    ['product-revision', 'billing-integration', 'Step 7 of 9'],
    ['product-revision', 'marketplace-approval', 'Step 8 of 9'],
  ] as const)(
    '%s sent back from %s: the subject says "Sent back" and the step is %s',
    (key, fromStage, step) => {
      const email = renderActionEmail(
        actionInput(key, { feedback: { fromStage, reason: 'Pricing page missing.' } }),
      );

      expect(email.subject).toMatch(/^Sent back: /);
      expect(email.subject).toContain(step);
      expect(email.text).toContain(`${step},`);
      expect(email.text).not.toContain('has reached');
      expect(email.text).toContain('Pricing page missing.');
    },
  );

  it('a first request is not called sent back', () => {
    const email = renderActionEmail(actionInput('cloud-account'));
    expect(email.subject).toMatch(/^Action needed: /);
  });
});

describe('the published email', () => {
  it('links to the product’s listing', () => {
    const email = renderProductOutcomeEmail({
      party,
      product: 'Insight Cloud',
      outcome: 'published',
      resources,
    });

    expect(email.text).toContain('https://www.ctl.io/marketplace/?q=Insight%20Cloud');
    expect(startTags(email.html, 'a').map((a) => a.href)).toContain(
      'https://www.ctl.io/marketplace/?q=Insight%20Cloud',
    );
  });
});

describe('how long the step usually takes, and when it is due, in words', () => {
  it('says both, counted from when the email is sent', () => {
    const email = renderActionEmail(
      actionInput('product-content', { usually: 'about 14 days', now: '2026-11-28T09:00:00.000Z' }),
    );

    expect(email.text).toContain('Usually takes: about 14 days');
    expect(email.text).toContain('Please respond by: Tuesday 1 December (in 3 days)');
  });
});
