import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAuditPack } from '../../../functions/domain/audit-pack.ts';
import { InvalidInputError } from '../../../functions/domain/errors.ts';
import type { Onboarding } from '../../../functions/domain/model.ts';
import { confirmInvitation, resolveInvitation } from '../../../functions/domain/people/confirm-invitation.ts';
import { inviteColleague } from '../../../functions/domain/people/invite-colleague.ts';
import { mintViewLink } from '../../../functions/domain/view-links.ts';
import { seedOnboarding } from '../../support/seed.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

const GRACE = { name: 'Grace Hopper', email: 'grace@acme.example' };
const MEMBER = { name: 'Alan Turing', email: 'alan@acme.example' };

describe('a provider person invites a colleague; the primary contact confirms', () => {
  let h: UnitHarness;
  let onboarding: Onboarding;
  beforeEach(async () => {
    h = await unitHarness();
    onboarding = await seedOnboarding(h.deps.store, { team: [MEMBER] });
  });
  afterEach(() => h.table.stop());

  /** A checklist link of `recipient`, as their emails carry it; returns its id. */
  const checklistOf = async (recipient: string) => {
    const url = await mintViewLink(h.deps, {
      view: 'checklist',
      onboardingId: onboarding.id,
      recipient,
      opensSteps: true,
    });
    return url.slice(url.lastIndexOf('/') + 1);
  };
  const confirmationLinkIn = (email: { text: string } | undefined) => {
    const match = email?.text.match(/\/t\/([A-Za-z0-9_-]{43})/);
    if (!match?.[1]) throw new Error('no confirmation link');
    return match[1];
  };

  it('emails only the primary contact, naming who asked; the colleague hears nothing yet', async () => {
    const outcome = await inviteColleague(h.deps, { linkId: await checklistOf(MEMBER.email), fields: GRACE });

    expect(outcome).toEqual({ kind: 'asked', contactEmail: onboarding.contactEmail, member: GRACE });
    const emails = h.sentEmails();
    expect(emails.map((email) => email.to)).toEqual([[onboarding.contactEmail]]);
    expect(emails[0]?.text).toContain(
      `Alan Turing (alan@acme.example) asked to add Grace Hopper grace@acme.example to your team for Acme Software's onboarding`,
    );
    expect((await h.deps.store.getOnboarding(onboarding.id))?.team).toEqual([MEMBER]);
    const state = await resolveInvitation(h.deps, confirmationLinkIn(emails[0]));
    expect(state.kind).toBe('open');
  });

  it('adds the colleague exactly once under ten concurrent confirmations: one welcome with their own checklist', async () => {
    await inviteColleague(h.deps, { linkId: await checklistOf(MEMBER.email), fields: GRACE });
    const linkId = confirmationLinkIn(h.sentEmails()[0]);
    h.now.value = new Date(h.now.value.getTime() + 60_000);

    const results = await Promise.all(
      Array.from({ length: 10 }, () => confirmInvitation(h.deps, { linkId })),
    );

    expect(results.filter((result) => result.kind === 'added')).toHaveLength(1);
    expect(results.filter((result) => result.kind === 'already-added')).toHaveLength(9);
    expect((await h.deps.store.getOnboarding(onboarding.id))?.team).toEqual([MEMBER, GRACE]);
    const welcomes = h.sentEmails().filter((email) => email.to.includes(GRACE.email));
    expect(welcomes).toHaveLength(1);
    expect(welcomes[0]?.text).toMatch(/\/p\/[A-Za-z0-9_-]{43}/);
    const events = await h.deps.store.listEvents(onboarding.id);
    expect(events.filter((event) => event.type === 'team-member-added')).toHaveLength(1);
    expect(events.filter((event) => event.type === 'colleague-invited')).toHaveLength(1);
    const pack = await buildAuditPack(h.deps, onboarding.id);
    expect(pack.teamChanges.map((change) => [change.kind, change.by])).toEqual([
      ['invited', MEMBER.email],
      ['added', onboarding.contactEmail],
    ]);
    expect((await resolveInvitation(h.deps, linkId)).kind).toBe('confirmed');
  });

  it("adds the primary contact's own colleague at once, without asking her to confirm her own request", async () => {
    const linkId = await checklistOf(onboarding.contactEmail);

    const results = await Promise.all(
      Array.from({ length: 5 }, () => inviteColleague(h.deps, { linkId, fields: GRACE })),
    );

    expect(results.filter((result) => result.kind === 'added')).toHaveLength(1);
    expect(results.filter((result) => result.kind === 'already-member')).toHaveLength(4);
    expect((await h.deps.store.getOnboarding(onboarding.id))?.team).toEqual([MEMBER, GRACE]);
    expect(h.sentEmails().filter((email) => email.to.includes(onboarding.contactEmail))).toHaveLength(0);
    const welcomes = h.sentEmails().filter((email) => email.to.includes(GRACE.email));
    expect(welcomes).toHaveLength(1);
    expect(welcomes[0]?.text).toMatch(/\/p\/[A-Za-z0-9_-]{43}/);
    const pack = await buildAuditPack(h.deps, onboarding.id);
    expect(pack.teamChanges.map((change) => [change.kind, change.by])).toEqual([
      ['added', onboarding.contactEmail],
    ]);
  });

  it('refuses bad input in plain words and changes nothing', async () => {
    const linkId = await checklistOf(MEMBER.email);
    const cases: [unknown, RegExp][] = [
      [{ name: 'Grace', email: 'not an address' }, /Email address must be a single email address/],
      [{ name: '', email: GRACE.email }, /Name is required/],
      [{ name: 'Grace\u202e', email: GRACE.email }, /Name contains characters that reverse/],
      [{ ...GRACE, isAdmin: 'yes' }, /isAdmin: Not a field this takes/],
      [{ name: 'Ada', email: onboarding.contactEmail }, /is the primary contact already/],
      [{ name: 'Alan', email: 'ALAN@acme.example' }, /is on the team already/],
    ];
    for (const [fields, message] of cases) {
      const attempt = inviteColleague(h.deps, { linkId, fields });
      await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
      const error = (await attempt.catch((e: unknown) => e)) as InvalidInputError;
      expect(error.message).toMatch(message);
    }
    expect(h.sentEmails()).toEqual([]);
    expect(await h.deps.store.listEvents(onboarding.id)).toEqual([]);
  });

  it('refuses a full team, a stopped onboarding and a checklist that is not the provider’s', async () => {
    const full = Array.from({ length: 10 }, (_, i) => ({ name: `M${i}`, email: `m${i}@acme.example` }));
    const crowded = await seedOnboarding(h.deps.store, { id: 'crowded-abcdefgh', team: full });
    const url = await mintViewLink(h.deps, {
      view: 'checklist',
      onboardingId: crowded.id,
      recipient: crowded.contactEmail,
      opensSteps: true,
    });
    await expect(
      inviteColleague(h.deps, { linkId: url.slice(url.lastIndexOf('/') + 1), fields: GRACE }),
    ).rejects.toThrow(/has 10 people besides the contact/);

    const stopped = await seedOnboarding(h.deps.store, { id: 'stopped-abcdefgh', status: 'stopped' });
    const stoppedUrl = await mintViewLink(h.deps, {
      view: 'checklist',
      onboardingId: stopped.id,
      recipient: stopped.contactEmail,
      opensSteps: true,
    });
    await expect(
      inviteColleague(h.deps, { linkId: stoppedUrl.slice(stoppedUrl.lastIndexOf('/') + 1), fields: GRACE }),
    ).rejects.toMatchObject({ statusCode: 409, refusal: { reason: 'stopped' } });

    // A checklist link of someone who is not (or no longer) the provider's: no longer theirs to use.
    await expect(
      inviteColleague(h.deps, { linkId: await checklistOf('someone@elsewhere.example'), fields: GRACE }),
    ).rejects.toMatchObject({ statusCode: 410, refusal: { reason: 'no-longer-yours' } });
    expect(h.sentEmails()).toEqual([]);
  });

  it('asks the contact once per colleague every 5 minutes', async () => {
    const linkId = await checklistOf(MEMBER.email);
    expect((await inviteColleague(h.deps, { linkId, fields: GRACE })).kind).toBe('asked');
    expect((await inviteColleague(h.deps, { linkId, fields: GRACE })).kind).toBe('suppressed');
    h.now.value = new Date(h.now.value.getTime() + 5 * 60_000 + 1);
    expect((await inviteColleague(h.deps, { linkId, fields: GRACE })).kind).toBe('asked');
    expect(h.sentEmails()).toHaveLength(2);
  });

  it('asks the contact at most 5 times an hour, whoever the colleagues are', async () => {
    const linkId = await checklistOf(MEMBER.email);
    const colleague = (i: number) => ({ name: `Colleague ${i}`, email: `c${i}@acme.example` });
    for (let i = 0; i < 5; i += 1) {
      expect((await inviteColleague(h.deps, { linkId, fields: colleague(i) })).kind).toBe('asked');
    }
    expect((await inviteColleague(h.deps, { linkId, fields: colleague(5) })).kind).toBe('suppressed');
    expect(h.sentEmails()).toHaveLength(5);
    const suppressed = (await h.deps.store.listEvents(onboarding.id)).filter(
      (event) => event.type === 'email-suppressed',
    );
    expect(suppressed).toHaveLength(1);
  });

  it('answers an expired confirmation, and one whose contact has changed, without adding anyone', async () => {
    await inviteColleague(h.deps, { linkId: await checklistOf(MEMBER.email), fields: GRACE });
    const linkId = confirmationLinkIn(h.sentEmails()[0]);
    await h.deps.store.updateContacts(onboarding.id, { contactEmail: 'new@acme.example' });
    expect((await confirmInvitation(h.deps, { linkId })).kind).toBe('contact-changed');
    await h.deps.store.updateContacts(onboarding.id, { contactEmail: onboarding.contactEmail });
    h.now.value = new Date(h.now.value.getTime() + h.deps.config.linkTtlSeconds * 1000 + 1);
    expect((await confirmInvitation(h.deps, { linkId })).kind).toBe('expired');
    expect((await h.deps.store.getOnboarding(onboarding.id))?.team).toEqual([MEMBER]);
  });
});
