import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_TEAMS } from '../../local/config.ts';
import { readInbox } from '../../local/inbox-client.ts';
import { clientsFor, driveTo, until } from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';

/** What SNS posts to an HTTP subscriber for a configuration set's bounce or complaint event. */
function snsNotification(event: Record<string, unknown>) {
  return {
    Type: 'Notification',
    MessageId: crypto.randomUUID(),
    TopicArn: 'arn:aws:sns:us-east-1:123456789012:ses-events',
    Message: JSON.stringify(event),
  };
}

async function deliver(runtime: RuntimeProcess, event: Record<string, unknown>) {
  const response = await fetch(`${runtime.apiUrl}/local/ses-events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(snsNotification(event)),
  });
  return { status: response.status, body: (await response.json()) as { flagged?: number } };
}

describe('bounces and complaints, on npm start', () => {
  let runtime: RuntimeProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onboarding-bounces-'));
    runtime = await RuntimeProcess.start({ dataDir, ports: await RuntimeProcess.freePorts() });
  });
  afterAll(async () => {
    await runtime?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('flag the step waiting on a bounced provider and alert the rep and ops', async () => {
    const { store } = clientsFor(runtime);
    const target = await driveTo(runtime, store, 'provider-agreement', 'Bouncy Mail Inc');
    const address = target.wait.recipient;

    const answer = await deliver(runtime, {
      eventType: 'Bounce',
      mail: {
        messageId: 'ses-bounce-1',
        destination: [address],
        tags: { onboardingId: [target.onboardingId], stage: ['provider-agreement'] },
      },
      bounce: {
        bounceType: 'Permanent',
        bouncedRecipients: [{ emailAddress: address, diagnosticCode: 'smtp; 550 no such user' }],
      },
    });

    expect(answer).toEqual({ status: 202, body: { flagged: 1, skipped: 0 } });
    expect((await store.getWait(target.onboardingId, target.wait.waitKey))?.deliveryProblem).toMatchObject({
      kind: 'bounce',
      address,
    });
    const alerts = await until('the alerts', async () => {
      const found = (await readInbox(runtime.sesUrl)).filter(
        (email) => email.subject.includes('bounced') && email.subject.includes('Bouncy Mail'),
      );
      return found.length >= 2 ? found : undefined;
    });
    expect(alerts.map((email) => email.to[0]).sort()).toEqual(
      [LOCAL_TEAMS.OPS_EMAIL, 'rep@marketplace.example'].sort(),
    );
    expect(alerts[0]?.text).toContain('550 no such user');

    expect(
      (
        await deliver(runtime, {
          eventType: 'Bounce',
          mail: { messageId: 'ses-bounce-1', tags: { onboardingId: [target.onboardingId] } },
          bounce: { bouncedRecipients: [{ emailAddress: address }] },
        })
      ).body.flagged,
    ).toBe(0);
  });

  it("send a complaint about the rep's own step to ops alone", async () => {
    const { store } = clientsFor(runtime);
    const target = await driveTo(runtime, store, 'provider-credit', 'Complaining Rep Co');

    const answer = await deliver(runtime, {
      notificationType: 'Complaint',
      mail: { messageId: 'ses-complaint-1', tags: { onboardingId: [target.onboardingId] } },
      complaint: {
        complaintFeedbackType: 'abuse',
        complainedRecipients: [{ emailAddress: target.wait.recipient }],
      },
    });

    expect(answer.body.flagged).toBe(1);
    const alerts = await until('the alert', async () => {
      const found = (await readInbox(runtime.sesUrl)).filter(
        (email) => email.subject.includes('spam') && email.subject.includes('Complaining Rep'),
      );
      return found.length > 0 ? found : undefined;
    });
    expect(alerts.map((email) => email.to[0])).toEqual([LOCAL_TEAMS.OPS_EMAIL]);
  });
});
