import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitAction } from '../../../functions/domain/action-link-flow.ts';
import { mintLinkId, sha256Hex } from '../../../functions/domain/action-links.ts';
import { buildAuditPack } from '../../../functions/domain/audit-pack.ts';
import type { Onboarding } from '../../../functions/domain/model.ts';
import { renderAuditPackPage } from '../../../functions/pages/audit-pack-page.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

const FIRST_TEXT = 'Version one.\n\n1. The provider lists products.\n\n2. Customers pay the marketplace.';
const SECOND_TEXT = 'Version two.\n\n1. The provider lists approved products only.';

let h: UnitHarness;
let onboarding: Onboarding;
beforeEach(async () => {
  h = await unitHarness({ AGREEMENT_VERSION: '2026-01', AGREEMENT_TEXT: FIRST_TEXT });
  onboarding = await seedOnboarding(h.deps.store);
});
afterEach(() => h.table.stop());

/** The provider accepts through the emailed link, as a person does: the page's POST. */
async function accept(entry: string, version: string, text: string) {
  const wait = await seedWait(h.deps.store, onboarding, 'provider-agreement', {
    entry,
    taskToken: `token-${entry}`,
  });
  const linkId = mintLinkId(wait.onboardingId);
  await h.deps.store.putLink({
    idHash: sha256Hex(linkId),
    onboardingId: wait.onboardingId,
    waitKey: wait.waitKey,
    stage: wait.stage,
    role: wait.role,
    recipient: wait.recipient,
    createdAt: wait.enteredAt,
    expiresAt: '2026-12-24T09:30:00.000Z',
  });
  const outcome = await submitAction(h.deps, {
    linkId,
    fields: {
      signerName: 'Ada Lovelace',
      signerTitle: 'Chief Executive',
      agreementVersion: version,
      agreementSha256: sha256Hex(text),
      accept: 'yes',
    },
    ip: '192.0.2.1',
  });
  expect(outcome.kind).toBe('recorded');
}

describe('the accepted agreement', () => {
  it('is emailed to the signer word for word, with the version, time, name and title', async () => {
    await accept('e1', '2026-01', FIRST_TEXT);

    const copies = h.sentEmails().filter((email) => /Your copy/.test(email.subject));

    expect(copies).toHaveLength(1);
    const [copy] = copies;
    expect(copy?.to).toEqual(['ada@acme.example']);
    expect(copy?.subject).toContain('version 2026-01');
    for (const part of FIRST_TEXT.split('\n\n')) {
      expect(copy?.text).toContain(part);
      expect(copy?.html).toContain(part);
    }
    expect(copy?.text).toContain('Ada Lovelace, Chief Executive');
    expect(copy?.text).toContain('Tuesday 24 November 2026, 10:00 UTC');
    expect(copy?.text).toContain(sha256Hex(FIRST_TEXT));
  });

  it('is kept in the audit pack, exact text beside its SHA-256, for each version accepted, after the text changed', async () => {
    await accept('e1', '2026-01', FIRST_TEXT);
    h.deps.config.resources.agreementVersion = '2026-02';
    h.deps.config.resources.agreementText = SECOND_TEXT;
    await accept('e2', '2026-02', SECOND_TEXT);

    const pack = await buildAuditPack(h.deps, onboarding.id);

    expect((pack.agreementTexts ?? []).map((copy) => [copy.version, copy.sha256, copy.text]).sort()).toEqual([
      ['2026-01', sha256Hex(FIRST_TEXT), FIRST_TEXT],
      ['2026-02', sha256Hex(SECOND_TEXT), SECOND_TEXT],
    ]);
    const page = renderAuditPackPage(pack);
    expect(page).toContain('Text accepted: version 2026-01');
    expect(page).toContain('2. Customers pay the marketplace.');
    expect(page).toContain(sha256Hex(SECOND_TEXT));
  });
});
