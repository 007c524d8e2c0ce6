import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isWellFormedLinkId,
  linkHomeOf,
  mintLinkId,
  mintSecretId,
  sha256Hex,
} from '../../../functions/domain/action-links.ts';
import { emailActionLink } from '../../../functions/domain/email-action-link.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { tableItems } from '../../support/table-items.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

describe('action link ids', () => {
  const onboardingId = 'acme-software-abcdefgh';

  it("start with the onboarding's id, then carry 256 random bits in 43 URL-safe characters, never twice the same", () => {
    const ids = Array.from({ length: 2000 }, () => mintLinkId(onboardingId));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id.startsWith(onboardingId)).toBe(true);
      const secret = id.slice(onboardingId.length);
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
      expect(isWellFormedLinkId(id)).toBe(true);
      expect(linkHomeOf(id)).toEqual({ kind: 'onboarding', onboardingId });
    }
  });

  it('still read an id minted before links moved in with their onboarding (the bare secret)', () => {
    const id = mintSecretId();
    expect(isWellFormedLinkId(id)).toBe(true);
    expect(linkHomeOf(id)).toEqual({ kind: 'own' });
  });

  it('refuse anything that is not such an id before any lookup', () => {
    for (const candidate of [
      '',
      'abc',
      `${mintLinkId(onboardingId)}x`,
      `x${mintSecretId()}`,
      `Acme-Software-abcdefgh${mintSecretId()}`,
      `../../etc/passwd${mintSecretId()}`,
      '../../etc/passwd',
      `${mintSecretId().slice(0, 42)}=`,
      `${onboardingId}${mintSecretId().slice(0, 42)}=`,
    ]) {
      expect(isWellFormedLinkId(candidate), candidate).toBe(false);
    }
  });
});

describe('an emailed link', () => {
  let h: UnitHarness;
  beforeEach(async () => {
    h = await unitHarness({ LINK_TTL_SECONDS: '600' });
  });
  afterEach(() => h.table.stop());

  it('is stored only as its SHA-256, with its expiry (checked in code: dynalite has no TTL)', async () => {
    const onboarding = await seedOnboarding(h.deps.store);
    const wait = await seedWait(h.deps.store, onboarding, 'cloud-account');

    await emailActionLink(h.deps, { onboarding, wait, kind: 'action-request' });

    const linkId = h.sentEmails()[0]?.text.match(/\/a\/([A-Za-z0-9_-]{43,})/)?.[1] as string;
    const secret = linkId.slice(onboarding.id.length);
    const items = JSON.stringify(await tableItems(h.table));
    expect(items).not.toContain(secret);
    expect(items).toContain(sha256Hex(linkId));
    const { link } = await h.deps.store.readLinkWithOnboarding(onboarding.id, sha256Hex(linkId));
    expect(link?.expiresAt).toBe('2026-11-24T10:10:00.000Z');
  });
});
