import { describe, expect, it } from 'vitest';
import { stageDefinition } from '../../../functions/checklist/stages.ts';
import { renderCompletionEmail } from '../../../functions/emails/completion-email.ts';
import {
  type EscalationEmailInput,
  renderEscalationEmail,
} from '../../../functions/emails/escalation-email.ts';
import { renderProductOutcomeEmail } from '../../../functions/emails/product-outcome-email.ts';
import { startTags, visibleText } from '../pages/markup.ts';
import { HOSTILE, party, resources } from './fixtures.ts';

const ESCAPED_HOSTILE = '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; &#96;tick&#96;';

function escalation(overrides: Partial<EscalationEmailInput> = {}): EscalationEmailInput {
  return {
    party,
    stage: stageDefinition('provider-agreement'),
    recipientRole: 'rep',
    waitingOn: 'provider',
    waitingOnAddress: 'dana@acme.example',
    waitingSince: '2026-11-01T09:30:00.000Z',
    reminders: 3,
    resources,
    ...overrides,
  };
}

describe('escalation email', () => {
  it('tells the rep who the step waits on, since when, and after how many reminders', () => {
    const email = renderEscalationEmail(escalation());

    expect(email.subject).toContain('Escalation');
    expect(email.text).toContain('Waiting on: Provider (dana@acme.example)');
    expect(email.text).toContain('Sunday 1 November 2026, 09:30 UTC');
    expect(email.text).toContain('3 reminders went unanswered.');
    expect(email.text).toContain('get in touch with the provider');
  });

  it('carries no action link, only the address to chase and the marketplace contact', () => {
    const email = renderEscalationEmail(escalation());

    expect(startTags(email.html, 'a').map((a) => a.href)).toEqual([
      'mailto:dana@acme.example',
      `mailto:${resources.contactEmail}`,
    ]);
    expect(email.text).toContain('no action link');
  });

  it('tells ops which team a product step waits on', () => {
    const email = renderEscalationEmail(
      escalation({
        stage: stageDefinition('billing-integration'),
        product: 'Insight Cloud',
        recipientRole: 'ops',
        waitingOn: 'billing',
        waitingOnAddress: 'billing@marketplace.example',
        reminders: 1,
      }),
    );

    expect(email.text).toContain('Hello Marketplace operations,');
    expect(email.text).toContain('Billing integration: Insight Cloud');
    expect(email.text).toContain('1 reminder went unanswered.');
    expect(email.text).toContain('follow up with the Billing team at billing@marketplace.example');
  });

  it('escapes every value and keeps the subject on one line', () => {
    const email = renderEscalationEmail(
      escalation({
        party: { ...party, company: `${HOSTILE}\r\nX`, contactName: HOSTILE, alias: HOSTILE },
        product: HOSTILE,
      }),
    );

    expect(email.html).not.toContain('<img');
    expect(email.html).toContain(ESCAPED_HOSTILE);
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});

describe('product outcome email', () => {
  it('announces a published product as live in the marketplace', () => {
    const email = renderProductOutcomeEmail({
      party,
      product: 'Insight Cloud',
      outcome: 'published',
      resources,
    });

    expect(email.subject).toBe('Lumen Marketplace: Insight Cloud is published');
    expect(email.text).toContain('Insight Cloud from Acme Analytics is now live in the Lumen Marketplace');
    expect(visibleText(email.html)).toContain('is now live in the Lumen Marketplace');
  });

  it('confirms a withdrawn product will not be published and whom to ask', () => {
    const email = renderProductOutcomeEmail({
      party,
      product: 'Insight Edge',
      outcome: 'withdrawn',
      resources,
    });

    expect(email.subject).toBe('Lumen Marketplace: Insight Edge was withdrawn');
    expect(email.text).toContain('will not be published');
    expect(email.text).toContain(resources.contactEmail);
  });

  it('escapes the product and company names', () => {
    const email = renderProductOutcomeEmail({
      party: { ...party, company: HOSTILE, contactName: HOSTILE },
      product: `${HOSTILE}\nBcc: x`,
      outcome: 'published',
      resources,
    });

    expect(email.html).not.toContain('<img');
    expect(email.html).toContain(ESCAPED_HOSTILE);
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});

describe('completion email', () => {
  it('lists every product with how it ended', () => {
    const email = renderCompletionEmail({
      party,
      products: [
        { name: 'Insight Cloud', status: 'published' },
        { name: 'Insight Edge', status: 'withdrawn' },
      ],
      resources,
    });

    expect(email.subject).toBe('Lumen Marketplace: onboarding complete for Acme Analytics');
    expect(email.text).toContain('- Insight Cloud: published\n- Insight Edge: withdrawn');
    expect(startTags(email.html, 'li')).toHaveLength(2);
  });

  it('points to the checklist’s “Publish another product”, not to asking us', () => {
    const email = renderCompletionEmail({
      party,
      products: [{ name: 'Insight Cloud', status: 'published' }],
      resources,
      checklistUrl: 'https://onboarding.example/p/abc',
    });

    expect(email.text).toContain(
      'To publish another product, use “Publish another product” on your onboarding checklist',
    );
    expect(email.text).toContain('https://onboarding.example/p/abc');
    expect(email.text).not.toContain('just ask us');
  });

  it('says so when no product was published', () => {
    const email = renderCompletionEmail({ party, products: [], resources });

    expect(email.text).toContain('No products were published.');
  });

  it('escapes product names', () => {
    const email = renderCompletionEmail({
      party,
      products: [{ name: HOSTILE, status: 'published' }],
      resources,
    });

    expect(email.html).not.toContain('<img');
    expect(email.html).toContain(ESCAPED_HOSTILE);
  });
});
