import { describe, expect, it } from 'vitest';
import { stageDefinition } from '../../../functions/checklist/stages.ts';
import { renderActionEmail } from '../../../functions/emails/action-email.ts';
import { startTags, visibleText } from '../pages/markup.ts';
import {
  ACTION_STAGES,
  ACTION_URL,
  type ActionStageKey,
  actionInput,
  HOSTILE,
  party,
  resources,
} from './fixtures.ts';

function bothVersions(key: ActionStageKey, overrides: Parameters<typeof actionInput>[1] = {}) {
  const email = renderActionEmail(actionInput(key, overrides));
  return { ...email, visible: visibleText(email.html) };
}

describe('action emails, for every stage someone acts on', () => {
  it.each(ACTION_STAGES)('%s: puts the action URL verbatim in the text and as the button link', (key) => {
    const email = renderActionEmail(actionInput(key));

    expect(email.text).toContain(ACTION_URL);
    expect(startTags(email.html, 'a').map((a) => a.href)).toContain(ACTION_URL);
    expect(email.html).not.toContain(`${ACTION_URL}?`);
  });

  it.each(ACTION_STAGES)('%s: says the link is personal, opening it is safe, and whom to contact', (key) => {
    const { text, visible } = bothVersions(key);

    for (const version of [text, visible]) {
      expect(version).toContain('This link is personal to you');
      expect(version).toContain('Opening it changes nothing');
      expect(version).toContain('only when you press the button on the page');
      expect(version).toContain(resources.contactEmail);
    }
  });

  it.each(ACTION_STAGES)('%s: names the step, the deadline and the marketplace', (key) => {
    const input = actionInput(key);

    const { subject, text } = renderActionEmail(input);

    expect(subject).toContain(`Step ${input.stage.step} of 9`);
    expect(subject).toContain(resources.marketplaceName);
    expect(text).toContain('Tuesday 1 December 2026, 17:00 UTC');
  });

  it.each(ACTION_STAGES)('%s: says the same sentences in the text and the HTML version', (key) => {
    const { text, visible } = bothVersions(key);

    const sentences = text
      .replace(/ \((https?:\/\/|[^\s()]+@)[^\s]*\)/g, '')
      .split('\n')
      .map((line) => line.replace(/^(- |> )/, '').trim())
      .filter((line) => line.length > 0 && !/^=+$/.test(line) && !/^https?:\/\//.test(line));
    for (const sentence of sentences) expect(visible).toContain(sentence.replace(/:$/, ''));
  });
});

describe('action email content per stage', () => {
  it('cloud account: explains how to find the alias or create a free account, at no cost', () => {
    const { text, html } = bothVersions('cloud-account');

    expect(text).toContain(resources.aliasHelpUrl);
    expect(text).toContain(resources.freeAccountUrl);
    expect(text).toContain('no cost');
    expect(startTags(html, 'a').map((a) => a.href)).toEqual(
      expect.arrayContaining([resources.aliasHelpUrl, resources.freeAccountUrl]),
    );
  });

  it('portal access: gives the rep the alias to create the account for', () => {
    const { text, visible } = bothVersions('portal-access');

    expect(text).toContain('gave their cloud account alias: ACME.');
    expect(visible).toContain('gave their cloud account alias: ACME.');
    expect(text).toContain('Hello,');
  });

  it('provider agreement: announces portal access with both portals, training, the guide and the contact', () => {
    const { text, html } = bothVersions('provider-agreement');
    const links = startTags(html, 'a').map((a) => a.href);

    expect(links).toEqual(
      expect.arrayContaining([
        resources.providerPortalUrl,
        resources.stagingPortalUrl,
        resources.gettingStartedGuideUrl,
        resources.agreementGuidanceUrl,
        `mailto:${resources.contactEmail}`,
      ]),
    );
    expect(text).toContain('Training material');
    expect(text).toContain(`version ${resources.agreementVersion}`);
    expect(text).toContain(resources.stagingPortalUrl);
  });

  it('provider credit: asks the rep to apply the credit to the named account', () => {
    const { text } = bothVersions('provider-credit');

    expect(text).toContain('apply the Marketplace provider credit to cloud account ACME');
  });

  it('product content: says the credit amount is on the account and where to get content help', () => {
    const { text } = bothVersions('product-content');

    expect(text).toContain('provider credit of 2500.00 USD is now on your cloud account (ACME)');
    expect(text).toContain(resources.stagingPortalUrl);
    expect(text).toContain(resources.gettingStartedGuideUrl);
    expect(text).toContain(`help with your content, write to us at ${resources.contactEmail}`);
  });

  it('publication request: lists the ready products and what publication needs', () => {
    const { text, html } = bothVersions('publication-request');

    expect(text).toContain('- Insight Cloud\n- Insight Edge');
    expect(startTags(html, 'li')).toHaveLength(2);
    expect(text).toContain('technical and billing integration is completed and tested');
    expect(text).toContain(`a member of the ${resources.marketplaceName} team approves it`);
  });

  it.each(['technical-integration', 'billing-integration'] as const)(
    '%s: names the product to the team',
    (key) => {
      const { subject, text } = bothVersions(key);

      expect(subject).toContain('Insight Cloud');
      expect(text).toContain('Acme Analytics asked to publish Insight Cloud.');
    },
  );

  it('product revision: shows why the product came back', () => {
    const { text, visible } = bothVersions('product-revision');

    expect(text).toContain(
      'This came back to you from Technical integration, with this reason:\n> The usage API returns 500.',
    );
    expect(visible).toContain('The usage API returns 500.');
  });

  it('marketplace approval: names the product and the provider', () => {
    const { subject, text } = bothVersions('marketplace-approval');

    expect(subject).toContain('Marketplace approval: Insight Cloud');
    expect(text).toContain('Insight Cloud from Acme Analytics');
  });
});

describe('stages nobody acts on', () => {
  it('refuses to write an action email for the published stage', () => {
    expect(() =>
      renderActionEmail(actionInput('marketplace-approval', { stage: stageDefinition('published') })),
    ).toThrow(/no form/);
  });
});

describe('reminders and renewed links', () => {
  it('a reminder says which reminder it is and repeats the deadline', () => {
    const email = renderActionEmail(
      actionInput('provider-agreement', { kind: 'reminder', reminderNumber: 2 }),
    );

    expect(email.subject).toMatch(/^Reminder 2: /);
    expect(email.text).toContain('Reminder 2: your onboarding');
    expect(email.text).toContain('Please respond by: Tuesday 1 December 2026, 17:00 UTC');
  });

  it('a link renewed after it expired says the person asked because theirs had expired', () => {
    const email = renderActionEmail(
      actionInput('cloud-account', { kind: 'renewed-link', resent: 'expired' }),
    );

    expect(email.subject).toMatch(/^New link: /);
    expect(email.text).toContain('Here is the new link you asked for: the one you used had expired.');
  });

  it('a link resent by operations says who sent it, and neither that anyone asked nor that anything expired', () => {
    const email = renderActionEmail(actionInput('cloud-account', { kind: 'renewed-link', resent: 'ops' }));

    expect(email.text).toContain('Marketplace operations sent you this link for Step 1 of 9, Cloud account');
    expect(email.text).toContain('Any link we emailed you before for it works too.');
    expect(email.text).not.toMatch(/you asked|expired/);
  });

  it('a link asked for from the checklist says it was asked for, not that one expired', () => {
    const email = renderActionEmail(actionInput('cloud-account', { kind: 'renewed-link', resent: 'asked' }));

    expect(email.text).toContain('Here is the link you asked for, for Step 1 of 9, Cloud account.');
    expect(email.text).not.toContain('expired');
  });

  it('a step sent back names the person who sent it back, not the step, as the actor', () => {
    const email = renderActionEmail(
      actionInput('cloud-account', { feedback: { fromStage: 'portal-access', reason: 'Alias unknown.' } }),
    );

    expect(email.text).toContain(
      'Your marketplace representative sent Step 1 of 9, Cloud account back to you at Provider Portal access, with the reason below.',
    );
    expect(email.text).not.toContain('Provider Portal access sent');
  });

  it('a hand-over email names who handed the step over', () => {
    const email = renderActionEmail(
      actionInput('portal-access', { kind: 'handed-over', handover: { from: 'the Marketplace team' } }),
    );

    expect(email.text).toContain('Handed to you by the Marketplace team');
    expect(email.text).toContain('The Marketplace team handed Step 2 of 9, Provider Portal access of');
  });
});

describe('action email escaping', () => {
  const hostileInput = (key: ActionStageKey) =>
    actionInput(key, {
      party: { ...party, company: HOSTILE, contactName: HOSTILE, alias: HOSTILE },
      product: HOSTILE,
      feedback: { fromStage: 'marketplace-approval', reason: HOSTILE },
      facts: { alias: HOSTILE, creditAmount: HOSTILE, products: [HOSTILE] },
    });

  it.each(ACTION_STAGES)(
    '%s: escapes company, contact, product, alias, reason and amounts in the HTML',
    (key) => {
      const email = renderActionEmail(hostileInput(key));

      expect(email.html).not.toContain('<img');
      expect(email.html).not.toContain('onerror="');
      expect(email.html).toContain(
        '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; &#96;tick&#96;',
      );
      expect(visibleText(email.html)).toContain(HOSTILE);
    },
  );

  it('keeps the subject on one line even when the company name contains line breaks', () => {
    const email = renderActionEmail(
      actionInput('cloud-account', {
        party: { ...party, company: 'Acme\r\nBcc: attacker@example.com\u2028X' },
      }),
    );

    expect(email.subject).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(email.subject).toContain('Acme Bcc: attacker@example.com X');
  });

  it('refuses to link anything but http(s) and mailto, even from configuration', () => {
    const email = renderActionEmail(
      actionInput('cloud-account', { resources: { ...resources, aliasHelpUrl: 'javascript:alert(1)' } }),
    );

    expect(startTags(email.html, 'a').map((a) => a.href)).not.toContain('javascript:alert(1)');
  });
});
