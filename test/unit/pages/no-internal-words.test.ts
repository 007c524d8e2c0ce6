import { describe, expect, it } from 'vitest';
import { STAGE_KEYS, stageDefinition } from '../../../functions/checklist/stages.ts';
import { publicName } from '../../../functions/domain/authority/public-name.ts';
import { renderDonePage, renderMessagePage } from '../../../functions/pages/index.ts';
import { party, resources } from './fixtures.ts';
import { visibleText } from './markup.ts';

/** What a person's page must never show: an HTTP status, an internal stage key, an IAM ARN. */
function internalWordsIn(text: string): string[] {
  const found: string[] = [];
  if (/HTTP|\bstatus \d{3}\b|\b[45]\d\d\b/.test(text)) found.push('an HTTP status');
  for (const key of STAGE_KEYS) if (key.includes('-') && text.includes(key)) found.push(`stage key ${key}`);
  if (/arn:aws/.test(text)) found.push('an IAM ARN');
  return found;
}

describe('no internal words on a person’s page', () => {
  it.each([400, 403, 404, 405, 409, 410, 413, 500, 503])(
    'a message page sent with %i shows none',
    (status) => {
      const text = visibleText(
        renderMessagePage({
          title: 'This link has expired',
          message: 'Ask for a new one.',
          status,
          resources,
        }),
      );

      expect(internalWordsIn(text)).toEqual([]);
    },
  );

  it('an "already done" page names ops as the Marketplace team and leads onwards', () => {
    const markup = renderDonePage({
      party,
      stage: stageDefinition('portal-access'),
      decidedBy: publicName('arn:aws:iam::123456789012:role/ops-admin'),
      decidedAt: '2026-03-02T09:00:00.000Z',
      outcome: 'approved',
      recipientRole: 'rep',
      justNow: false,
      onwardsAction: '/a/abc',
      resources,
      opsEmail: 'ops@marketplace.example',
    });
    const text = visibleText(markup);

    expect(internalWordsIn(text)).toEqual([]);
    expect(text).toContain('was already done by the Marketplace team on');
    expect(text).toContain('Go to everything waiting on you');
    expect(markup).toContain('<form class="inline-form" action="/a/abc" method="post"');
  });

  it('the test itself finds each kind of internal word', () => {
    expect(internalWordsIn('Reference: HTTP status 410. portal-access arn:aws:iam::1:role/x')).toEqual([
      'an HTTP status',
      'stage key portal-access',
      'an IAM ARN',
    ]);
  });
});
