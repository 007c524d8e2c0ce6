import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isWellFormedLinkId, mintLinkId, sha256Hex } from '../../../functions/domain/action-links.ts';
import { emailActionLink } from '../../../functions/domain/email-action-link.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { tableItems } from '../../support/table-items.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

describe('action link ids', () => {
  it('carry 256 random bits in 43 URL-safe characters, never twice the same', () => {
    const ids = Array.from({ length: 2000 }, mintLinkId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(32);
      expect(isWellFormedLinkId(id)).toBe(true);
    }
  });

  it('refuse anything that is not such an id before any lookup', () => {
    for (const candidate of [
      '',
      'abc',
      `${mintLinkId()}x`,
      '../../etc/passwd',
      `${mintLinkId().slice(0, 42)}=`,
    ]) {
      expect(isWellFormedLinkId(candidate)).toBe(false);
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

    const linkId = h.sentEmails()[0]?.text.match(/\/a\/([A-Za-z0-9_-]{43})/)?.[1] as string;
    const items = JSON.stringify(await tableItems(h.table));
    expect(items).not.toContain(linkId);
    expect(items).toContain(sha256Hex(linkId));
    const link = await h.deps.store.getLink(sha256Hex(linkId));
    expect(link?.expiresAt).toBe('2026-11-24T10:10:00.000Z');
  });
});
