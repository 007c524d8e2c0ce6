import { readdirSync } from 'node:fs';
import { SendEmailCommand } from '@aws-sdk/client-ses';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../functions/domain/action-links.ts';
import { emailAgreementCopy } from '../../../functions/domain/agreement-copy.ts';
import { completeOnboarding } from '../../../functions/domain/complete-onboarding.ts';
import { postMessage } from '../../../functions/domain/conversation/post-message.ts';
import { emailActionLink } from '../../../functions/domain/email-action-link.ts';
import { flagDeliveryProblem } from '../../../functions/domain/flag-delivery-problem.ts';
import type { Onboarding } from '../../../functions/domain/model.ts';
import { inviteColleague } from '../../../functions/domain/people/invite-colleague.ts';
import { joinTeam } from '../../../functions/domain/people/join-team.ts';
import { emailTeamCopies } from '../../../functions/domain/people/team-copies.ts';
import { recordProductOutcome } from '../../../functions/domain/record-product-outcome.ts';
import { remindOrEscalate } from '../../../functions/domain/remind-or-escalate.ts';
import { sendOrReport } from '../../../functions/domain/send-email.ts';
import { stopAndTell } from '../../../functions/domain/stop-and-tell.ts';
import { mintViewLink } from '../../../functions/domain/view-links.ts';
import { repoPath } from '../../../infra/paths.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { ses, type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

/**
 * Replies reach a person: every kind of email names a Reply-To, the provider's rep for anyone on the
 * provider's side and the marketplace mailbox for the rep and the teams. Each kind is sent the way
 * the product sends it (its domain function, the real SES adapter over a stubbed client).
 */
const REP = 'rep@marketplace.example';
const MAILBOX = 'marketplace@marketplace.example';
const CONTACT = 'ada@acme.example';
const COLLEAGUE = { name: 'Alan Turing', email: 'alan@acme.example' };

let h: UnitHarness;
let onboarding: Onboarding;
beforeEach(async () => {
  h = await unitHarness({ MAX_REMINDERS: '0' });
  onboarding = await seedOnboarding(h.deps.store, {
    team: [COLLEAGUE],
    products: [{ name: 'Widget', status: 'published', updatedAt: '2026-11-24T09:00:00.000Z' }],
  });
});
afterEach(() => h.table.stop());

/** Who got what, and where their reply goes. */
const sent = () =>
  h.sentEmails().map((email) => ({ to: email.to.join(', '), replyTo: email.replyTo.join(', ') }));

/** Every email kind the product renders (functions/emails/*-email.ts), each sent as the product sends it. */
const KINDS: Record<string, (h: UnitHarness) => Promise<unknown>> = {
  'action-email': async () => {
    for (const [stage, recipient] of [
      ['cloud-account', CONTACT],
      ['portal-access', REP],
      ['technical-integration', 'platform@marketplace.example'],
    ] as const) {
      const wait = await seedWait(h.deps.store, onboarding, stage, { recipient });
      await emailActionLink(h.deps, { onboarding, wait, kind: 'action-request' });
    }
  },
  'agreement-copy-email': async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'provider-agreement');
    await emailAgreementCopy(h.deps, onboarding, wait, {
      outcome: 'approved',
      fields: {
        agreementSha256: sha256Hex(h.deps.config.resources.agreementText),
        signerName: 'Ada Lovelace',
        signerTitle: 'CEO',
      },
      actor: { id: CONTACT, role: 'provider', via: 'link' },
      at: '2026-11-24T10:00:00.000Z',
    });
  },
  'completion-email': () => completeOnboarding(h.deps, { onboardingId: onboarding.id }),
  'delivery-problem-email': async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'cloud-account');
    await flagDeliveryProblem(h.deps, onboarding, wait, {
      kind: 'bounce',
      address: CONTACT,
      at: '2026-11-24T10:00:00.000Z',
      messageId: 'message-bounced',
    } as Parameters<typeof flagDeliveryProblem>[3]);
  },
  'escalation-email': async () => {
    await seedWait(h.deps.store, onboarding, 'cloud-account');
    await seedWait(h.deps.store, onboarding, 'billing-integration', {
      product: 'Widget',
      recipient: 'billing@marketplace.example',
    });
    await remindOrEscalate(h.deps, { onboardingId: onboarding.id, stage: 'cloud-account' });
    await remindOrEscalate(h.deps, {
      onboardingId: onboarding.id,
      stage: 'billing-integration',
      product: 'Widget',
    });
  },
  'onboarding-stopped-email': () =>
    stopAndTell(h.deps, {
      onboarding,
      by: 'ops@marketplace.example',
      reason: 'The provider withdrew',
      stopExecutions: async () => 1,
    }),
  'product-outcome-email': async () => {
    const fresh = await seedOnboarding(h.deps.store, {
      id: 'beta-software-abcdefgh',
      executionName: 'beta-software-abcdefgh',
      products: [{ name: 'Gadget', status: 'in-review', updatedAt: '2026-11-24T09:00:00.000Z' }],
    });
    await recordProductOutcome(h.deps, { onboardingId: fresh.id, product: 'Gadget', outcome: 'published' });
  },
  // The rep asks on the provider's step; the provider asks on the rep's step (from the checklist).
  'step-message-email': async () => {
    for (const [stage, recipient, credential, holder] of [
      ['cloud-account', CONTACT, 'queue', REP],
      ['portal-access', REP, 'checklist', CONTACT],
    ] as const) {
      await seedWait(h.deps.store, onboarding, stage, { recipient });
      const record = await h.deps.store.readOnboarding(onboarding.id);
      const wait = record?.waits.find((candidate) => candidate.stage === stage);
      if (!record || !wait) throw new Error(`no ${stage} step`);
      await postMessage(h.deps, {
        credential,
        holder,
        record,
        wait,
        fields: { message: 'Is this the right account?', submission: `submission-${stage}` },
      });
    }
  },
  'team-copy-email': async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'cloud-account');
    await emailTeamCopies(h.deps, onboarding, wait);
  },
  'team-invitation-email': async () => {
    const url = await mintViewLink(h.deps, {
      view: 'checklist',
      onboardingId: onboarding.id,
      recipient: COLLEAGUE.email,
      opensSteps: true,
    });
    await inviteColleague(h.deps, {
      linkId: url.slice(url.lastIndexOf('/') + 1),
      fields: { name: 'Grace Hopper', email: 'grace@acme.example' },
    });
  },
  'team-welcome-email': () =>
    joinTeam(h.deps, {
      onboarding,
      member: { name: 'Grace Hopper', email: 'grace@acme.example' },
      askedBy: COLLEAGUE.email,
      confirmedBy: CONTACT,
      at: '2026-11-24T10:00:00.000Z',
    }),
};

const EXPECTED: Record<string, { to: string; replyTo: string }[]> = {
  // The provider's step, the rep's step, a team's step.
  'action-email': [
    { to: CONTACT, replyTo: REP },
    { to: REP, replyTo: MAILBOX },
    { to: 'platform@marketplace.example', replyTo: MAILBOX },
  ],
  'agreement-copy-email': [{ to: CONTACT, replyTo: REP }],
  'completion-email': [
    { to: CONTACT, replyTo: REP },
    { to: REP, replyTo: MAILBOX },
  ],
  'delivery-problem-email': [
    { to: REP, replyTo: MAILBOX },
    { to: 'ops@marketplace.example', replyTo: MAILBOX },
  ],
  // The provider's step escalates to the rep, a team's to ops.
  'escalation-email': [
    { to: REP, replyTo: MAILBOX },
    { to: 'ops@marketplace.example', replyTo: MAILBOX },
  ],
  'onboarding-stopped-email': [
    { to: CONTACT, replyTo: REP },
    { to: COLLEAGUE.email, replyTo: REP },
    { to: REP, replyTo: MAILBOX },
  ],
  'product-outcome-email': [
    { to: CONTACT, replyTo: REP },
    { to: REP, replyTo: MAILBOX },
  ],
  'step-message-email': [
    { to: CONTACT, replyTo: REP },
    { to: REP, replyTo: MAILBOX },
  ],
  'team-copy-email': [{ to: COLLEAGUE.email, replyTo: REP }],
  'team-invitation-email': [{ to: CONTACT, replyTo: REP }],
  'team-welcome-email': [{ to: 'grace@acme.example', replyTo: REP }],
};

describe('every email names a Reply-To that reaches a person', () => {
  it('covers every email kind the product renders', () => {
    const kinds = readdirSync(repoPath('functions/emails'))
      .filter((file) => file.endsWith('-email.ts') && file !== 'render-email.ts')
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(KINDS).sort()).toEqual(kinds);
    expect(Object.keys(EXPECTED).sort()).toEqual(kinds);
  });

  for (const [kind, send] of Object.entries(KINDS)) {
    it(`${kind}: the provider's side replies to the rep, staff to the marketplace mailbox`, async () => {
      await send(h);
      expect(sent()).toEqual(EXPECTED[kind]);
    });
  }

  it('the alert to ops about an email SES refused replies to the marketplace mailbox', async () => {
    ses
      .on(SendEmailCommand, { Destination: { ToAddresses: [CONTACT] } })
      .rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));
    await sendOrReport(h.deps, onboarding, {
      to: [CONTACT],
      replyTo: REP,
      subject: 'News',
      text: 'x',
      html: '<p>x</p>',
    });
    expect(sent()).toEqual([
      { to: CONTACT, replyTo: REP },
      { to: 'ops@marketplace.example', replyTo: MAILBOX },
    ]);
  });
});
