import { SendEmailCommand } from '@aws-sdk/client-ses';
import type { SNSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Onboarding, Wait } from '../../../functions/domain/model.ts';
import { emailEventsHandler } from '../../../functions/events/email-events-handler.ts';
import { remindOrEscalateHandler } from '../../../functions/tasks/remind-or-escalate-handler.ts';
import { lambdaContext } from '../../support/api-events.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { tableItems } from '../../support/table-items.ts';
import { ses, type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

let h: UnitHarness;
let onboarding: Onboarding;
let handler: ReturnType<typeof emailEventsHandler>;

beforeEach(async () => {
  h = await unitHarness();
  onboarding = await seedOnboarding(h.deps.store);
  handler = emailEventsHandler(h.deps);
});
afterEach(() => h.table.stop());

function snsOf(...messages: unknown[]): SNSEvent {
  return {
    Records: messages.map((message, index) => ({
      Sns: {
        MessageId: `sns-${index}`,
        Message: typeof message === 'string' ? message : JSON.stringify(message),
      },
    })),
  } as unknown as SNSEvent;
}

function bounce(
  address: string,
  messageId = 'ses-1',
  tags: Record<string, string[]> = { onboardingId: [onboarding.id] },
) {
  return {
    eventType: 'Bounce',
    mail: { messageId, destination: [address], tags },
    bounce: {
      bounceType: 'Permanent',
      bouncedRecipients: [{ emailAddress: address, diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
    },
  };
}

describe('SES bounce and complaint events', () => {
  it('flag the waiting step of a bounced provider and alert the rep and ops, once per event', async () => {
    const wait: Wait = await seedWait(h.deps.store, onboarding, 'provider-agreement');

    const first = await handler(snsOf(bounce('ADA@acme.example')), lambdaContext);
    const again = await handler(snsOf(bounce('ada@acme.example')), lambdaContext);

    expect(first).toEqual({ flagged: 1, skipped: 0 });
    expect(again).toEqual({ flagged: 0, skipped: 0 });
    expect((await h.deps.store.getWait(onboarding.id, wait.waitKey))?.deliveryProblem).toMatchObject({
      kind: 'bounce',
      address: 'ada@acme.example',
      detail: 'smtp; 550 5.1.1 user unknown',
    });
    expect(h.sentEmails().map((email) => email.to[0])).toEqual([
      'rep@marketplace.example',
      'ops@marketplace.example',
    ]);
    expect(h.sentEmails()[0]?.subject).toContain('bounced');
    const events = (await h.deps.store.listEvents(onboarding.id)).map((event) => event.type);
    expect(events.filter((type) => type === 'email-bounced')).toHaveLength(1);
  });

  it('alert only ops when the rep is the one whose address fails', async () => {
    await seedWait(h.deps.store, onboarding, 'provider-credit');
    const complaint = {
      notificationType: 'Complaint',
      mail: { messageId: 'ses-9', tags: { onboardingId: [onboarding.id] } },
      complaint: {
        complaintFeedbackType: 'abuse',
        complainedRecipients: [{ emailAddress: 'rep@marketplace.example' }],
      },
    };

    expect(await handler(snsOf(complaint), lambdaContext)).toEqual({ flagged: 1, skipped: 0 });
    expect(h.sentEmails().map((email) => email.to[0])).toEqual(['ops@marketplace.example']);
  });

  it('turn the next reminders into escalations instead of emailing the failing address again', async () => {
    await seedWait(h.deps.store, onboarding, 'cloud-account');
    await handler(snsOf(bounce('ada@acme.example')), lambdaContext);
    ses.resetHistory();

    const result = await remindOrEscalateHandler(h.deps)(
      { onboardingId: onboarding.id, stage: 'cloud-account' } as never,
      lambdaContext,
    );

    expect(result.action).toBe('escalated');
    expect(h.sentEmails().map((email) => email.to[0])).toEqual(['rep@marketplace.example']);
  });

  it.each([
    ['an event about an email of no onboarding', () => bounce('ada@acme.example', 'ses-2', {}), 0],
    ['an event for an address nobody is waiting on', () => bounce('someone@else.example'), 0],
    ['a message that is not JSON', () => 'not json', 1],
    ['a delivery event', () => ({ eventType: 'Delivery', mail: { messageId: 'x' } }), 1],
    [
      'a bounce without recipients',
      () => ({ eventType: 'Bounce', mail: { messageId: 'x' }, bounce: { bouncedRecipients: [] } }),
      1,
    ],
  ])('change nothing for %s', async (_name, message, skipped) => {
    await seedWait(h.deps.store, onboarding, 'cloud-account');
    const before = await tableItems(h.table);

    expect(await handler(snsOf(message()), lambdaContext)).toEqual({ flagged: 0, skipped });
    expect(await tableItems(h.table)).toEqual(before);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});
