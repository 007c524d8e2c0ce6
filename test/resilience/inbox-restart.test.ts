import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInbox } from '../../local/inbox-client.ts';
import { clientsFor, driveTo, startOnboardingOverHttp, until } from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';

/** The SES message ids the product recorded as sent (each `email-sent` event ends "(<message id>)"). */
async function recordedAsSent(runtime: RuntimeProcess, ids: string[]): Promise<string[]> {
  const { store } = clientsFor(runtime);
  const sent: string[] = [];
  for (const id of ids) {
    for (const event of await store.listEvents(id)) {
      if (event.type !== 'email-sent') continue;
      const messageId = /\((ses-[^()]+)\)$/.exec(event.detail ?? '')?.[1];
      expect(messageId, event.detail).toBeDefined();
      if (messageId) sent.push(messageId);
    }
  }
  return sent;
}

describe('the local inbox across a crash, on npm start', () => {
  it('keeps every email sent before a kill -9 mid-onboarding: the same emails in GET /store and on /inbox after the restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-inbox-crash-'));
    const ports = await RuntimeProcess.freePorts();
    let runtime = await RuntimeProcess.start({ dataDir, ports });
    try {
      const { store } = clientsFor(runtime);
      // Two onboardings a few steps in, then a burst whose first emails are still being sent.
      const settled = await Promise.all([
        driveTo(runtime, store, 'provider-agreement', 'Inbox Crash A'),
        driveTo(runtime, store, 'provider-agreement', 'Inbox Crash B'),
      ]);
      const inboxBefore = (await readInbox(runtime.sesUrl)).length;
      const burst = await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          startOnboardingOverHttp(runtime, `Inbox Crash Burst ${index}`, `burst-${index}@provider.example`),
        ),
      );
      const beforeKill = await until('the burst to have sent some of its emails', async () => {
        const emails = await readInbox(runtime.sesUrl);
        return emails.length >= inboxBefore + 2 ? emails : undefined;
      });
      expect(await runtime.kill('SIGKILL')).toBeNull();

      runtime = await RuntimeProcess.start({ dataDir, ports });
      const ids = [...settled, ...burst].map((onboarding) => onboarding.onboardingId);
      // Every send SES answered before the kill: those seen in the store, and those the product recorded.
      const sentBeforeKill = new Set([
        ...beforeKill.map((email) => email.messageId),
        ...(await recordedAsSent(runtime, ids)),
      ]);
      expect(sentBeforeKill.size).toBeGreaterThanOrEqual(inboxBefore + 2);

      const after = await readInbox(runtime.sesUrl);
      const afterIds = new Set(after.map((email) => email.messageId));
      expect([...sentBeforeKill].filter((id) => !afterIds.has(id))).toEqual([]);
      // Kept whole: each email as it was sent, not just its id.
      for (const email of beforeKill) {
        expect(after.find((candidate) => candidate.messageId === email.messageId)).toEqual(email);
      }
      // The inbox page serves the same emails, each one readable by its id.
      const inboxPage = await (await fetch(`${runtime.apiUrl}/inbox`)).text();
      for (const email of beforeKill) {
        expect(inboxPage).toContain(email.subject);
        const shown = await fetch(`${runtime.apiUrl}/inbox/emails/${encodeURIComponent(email.messageId)}`);
        expect(shown.status, email.messageId).toBe(200);
      }
      // Bounded still: the start log says how many came back, and nothing was sent twice by reading them.
      expect(runtime.log).toMatch(/the inbox holds \d+ emails kept from before/);
      expect(after.length).toBe(afterIds.size);
    } finally {
      await runtime.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
