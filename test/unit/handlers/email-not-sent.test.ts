import {
  AccountSendingPausedException,
  MessageRejected,
  SESServiceException,
  SendEmailCommand,
} from '@aws-sdk/client-ses';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TransientError } from '../../../functions/adapters/transient-error.ts';
import { emailActionLink } from '../../../functions/domain/email-action-link.ts';
import type { EmailNotSentReason } from '../../../functions/domain/errors.ts';
import type { Onboarding } from '../../../functions/domain/model.ts';
import { completeOnboardingHandler } from '../../../functions/tasks/complete-onboarding-handler.ts';
import { enterStageHandler } from '../../../functions/tasks/enter-stage-handler.ts';
import { remindOrEscalateHandler } from '../../../functions/tasks/remind-or-escalate-handler.ts';
import { lambdaContext } from '../../support/api-events.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { ses, sfn, type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

let h: UnitHarness;
let onboarding: Onboarding;

beforeEach(async () => {
  h = await unitHarness();
  onboarding = await seedOnboarding(h.deps.store);
});
afterEach(() => h.table.stop());

const PROVIDER = 'ada@acme.example';
const REP = 'rep@marketplace.example';
const OPS = 'ops@marketplace.example';

const meta = (httpStatusCode: number) => ({ httpStatusCode, attempts: 1, totalRetryDelay: 0 });
const sesError = (name: string, message: string, status: number) =>
  new SESServiceException({
    name,
    message,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: meta(status),
  });

/** What SES answers, by case: each is either retried (transient) or flags the step (permanent). */
const PERMANENT: [string, () => Error, EmailNotSentReason][] = [
  [
    'an unverified recipient in the sandbox (MessageRejected)',
    () =>
      new MessageRejected({
        message:
          'Email address is not verified. The following identities failed the check in region US-EAST-1: ada@acme.example',
        $metadata: meta(400),
      }),
    'recipient-not-verified',
  ],
  [
    'AccessDenied on the recipient identity',
    () =>
      sesError(
        'AccessDenied',
        'User is not authorized to perform `ses:SendEmail` on resource `arn:aws:ses:us-east-1:123456789012:identity/ada@acme.example`',
        403,
      ),
    'not-authorized',
  ],
  [
    'a message SES rejects for another reason',
    () => new MessageRejected({ message: 'Message rejected: contains a virus', $metadata: meta(400) }),
    'rejected',
  ],
  ['an invalid address', () => sesError('InvalidParameterValue', 'Illegal address', 400), 'invalid-address'],
  [
    'account sending paused',
    () =>
      new AccountSendingPausedException({ message: 'Sending paused for this account', $metadata: meta(400) }),
    'sending-paused',
  ],
  [
    'the daily quota used up',
    () => sesError('Throttling', 'Daily message quota exceeded.', 400),
    'daily-quota',
  ],
];

const notVerified = (PERMANENT[0] as (typeof PERMANENT)[number])[1];
const sendingPaused = (PERMANENT[4] as (typeof PERMANENT)[number])[1];

const TRANSIENT: [string, () => Error][] = [
  ['throttling (maximum sending rate)', () => sesError('Throttling', 'Maximum sending rate exceeded.', 400)],
  ['an SES 5xx', () => sesError('ServiceUnavailable', 'Service unavailable', 503)],
  ['a dropped connection', () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
];

const TOKEN = 'AQB8AAAAKgAAAAMAAAAAAAAAAfirst-task-token-for-the-stage';
const enter = (stage = 'cloud-account', taskToken = TOKEN) =>
  enterStageHandler(h.deps)(
    { taskToken, onboardingId: onboarding.id, stage, timeoutSeconds: 3600, step: {} } as never,
    lambdaContext,
  );

const refuse = (address: string, error: () => Error) =>
  ses.on(SendEmailCommand, { Destination: { ToAddresses: [address] } }).callsFake(() => {
    throw error();
  });
const sentTo = (address: string) => h.sentEmails().filter((email) => email.to.includes(address));
const eventTypes = async () => (await h.deps.store.listEvents(onboarding.id)).map((event) => event.type);

describe('an email SES refuses for good', () => {
  it.each(PERMANENT)(
    '%s: the step keeps waiting, flagged, and the rep and ops are told',
    async (_case, error, reason) => {
      refuse(PROVIDER, error);

      await expect(enter()).resolves.toEqual({ result: 'notified' });

      const wait = await h.deps.store.getCurrentWait(onboarding.id, 'cloud-account');
      expect(wait).toMatchObject({
        status: 'pending',
        deliveryProblem: { kind: 'not-sent', reason, address: PROVIDER },
      });
      expect(sentTo(REP)).toHaveLength(1);
      expect(sentTo(OPS)).toHaveLength(1);
      expect(sentTo(OPS)[0]?.text).toContain(`Our email to ${PROVIDER}`);
      expect(sentTo(OPS)[0]?.text).toMatch(/What to do: /);
      expect(sfn.calls()).toHaveLength(0);
      expect((await eventTypes()).sort()).toEqual(['email-not-sent', 'stage-entered']);
    },
  );

  it('is not flagged or alerted twice when Step Functions retries the entry', async () => {
    refuse(PROVIDER, notVerified);
    await enter();
    await expect(enter()).resolves.toEqual({ result: 'retried' });

    expect(sentTo(REP)).toHaveLength(1);
    expect(sentTo(OPS)).toHaveLength(1);
    expect((await eventTypes()).sort()).toEqual(['email-not-sent', 'stage-entered']);
  });

  it("alerts only ops when the rep's own address fails", async () => {
    refuse(REP, notVerified);

    await enter('portal-access');

    expect(
      (await h.deps.store.getCurrentWait(onboarding.id, 'portal-access'))?.deliveryProblem,
    ).toMatchObject({ kind: 'not-sent', address: REP });
    expect(sentTo(OPS)).toHaveLength(1);
    expect(sentTo(REP)).toHaveLength(1); // the refused attempt itself, nothing more
  });

  it('is sent by a later resend once the address works, which clears the flag', async () => {
    refuse(PROVIDER, notVerified);
    await enter();
    // The address gets verified: SES accepts it from now on.
    ses
      .on(SendEmailCommand, { Destination: { ToAddresses: [PROVIDER] } })
      .resolves({ MessageId: 'verified-1' });
    const wait = await h.deps.store.getCurrentWait(onboarding.id, 'cloud-account');

    const resent = await emailActionLink(h.deps, { onboarding, wait: wait as never, kind: 'renewed-link' });

    expect(resent).toEqual({ sent: true });
    expect(
      (await h.deps.store.getCurrentWait(onboarding.id, 'cloud-account'))?.deliveryProblem,
    ).toBeUndefined();
    expect(await eventTypes()).toContain('email-sent');
  });

  it('of an escalation leaves the workflow going: audited, and ops is told', async () => {
    await seedWait(h.deps.store, onboarding, 'cloud-account');
    refuse(REP, notVerified);
    const remind = () =>
      remindOrEscalateHandler(h.deps)(
        { onboardingId: onboarding.id, stage: 'cloud-account' } as never,
        lambdaContext,
      );
    await remind();
    await remind();

    await expect(remind()).resolves.toMatchObject({ action: 'escalated' });

    expect(sentTo(OPS)).toHaveLength(1);
    expect(await eventTypes()).toEqual(expect.arrayContaining(['email-not-sent', 'escalated']));
  });

  it('of the completion email still completes the onboarding', async () => {
    refuse(PROVIDER, sendingPaused);

    await completeOnboardingHandler(h.deps)({ onboardingId: onboarding.id } as never, lambdaContext);

    expect((await h.deps.store.getOnboarding(onboarding.id))?.status).toBe('completed');
    expect(sentTo(OPS)[0]?.text).toContain('sending is paused');
    expect(await eventTypes()).toEqual(expect.arrayContaining(['email-not-sent', 'onboarding-completed']));
  });
});

describe('an email SES fails to send for a moment', () => {
  it.each(TRANSIENT)(
    '%s: the task throws TransientError (retried by the state machine), nothing flagged',
    async (_case, error) => {
      refuse(PROVIDER, error);

      await expect(enter()).rejects.toBeInstanceOf(TransientError);

      expect(
        (await h.deps.store.getCurrentWait(onboarding.id, 'cloud-account'))?.deliveryProblem,
      ).toBeUndefined();
      expect(sentTo(OPS)).toHaveLength(0);
      expect(await eventTypes()).not.toContain('email-not-sent');
    },
  );
});

describe('ill-formed text in an onboarding record', () => {
  it('fails only that email, flagged with the reason; the alerts and the next onboarding go out', async () => {
    const lone = await seedOnboarding(h.deps.store, {
      id: 'lone-surrogate-abcdefgh',
      company: 'Lone \ud800 Surrogate',
    });
    const enterFor = (id: string, taskToken: string) =>
      enterStageHandler(h.deps)(
        { taskToken, onboardingId: id, stage: 'cloud-account', timeoutSeconds: 3600, step: {} } as never,
        lambdaContext,
      );

    await expect(enterFor(lone.id, 'token-of-the-bad-one')).resolves.toEqual({ result: 'notified' });
    await expect(enterFor(onboarding.id, 'token-of-the-good-one')).resolves.toEqual({ result: 'notified' });

    expect((await h.deps.store.getCurrentWait(lone.id, 'cloud-account'))?.deliveryProblem).toMatchObject({
      kind: 'not-sent',
      reason: 'ill-formed-text',
    });
    // Alerts about it are sent with the text made well-formed; the good onboarding's email is sent.
    expect(sentTo(OPS)[0]?.subject).toContain('Lone \ufffd Surrogate');
    expect(sentTo(PROVIDER)).toHaveLength(1);
    expect(h.sentEmails().every((email) => JSON.stringify(email).isWellFormed())).toBe(true);
  });
});

describe('a reminder for a step whose email was not sent', () => {
  it('tries the address again, and once SES accepts it the step is no longer flagged', async () => {
    refuse(PROVIDER, notVerified);
    await enter();
    ses
      .on(SendEmailCommand, { Destination: { ToAddresses: [PROVIDER] } })
      .resolves({ MessageId: 'verified-1' });

    const result = await remindOrEscalateHandler(h.deps)(
      { onboardingId: onboarding.id, stage: 'cloud-account' } as never,
      lambdaContext,
    );

    expect(result).toMatchObject({ action: 'reminded' });
    expect(sentTo(PROVIDER)).toHaveLength(2);
    expect(
      (await h.deps.store.getCurrentWait(onboarding.id, 'cloud-account'))?.deliveryProblem,
    ).toBeUndefined();
  });
});
