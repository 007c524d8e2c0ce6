import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OnboardingStore } from '../../functions/domain/ports.ts';
import { LOCAL_AWS } from '../../local/config.ts';
import { DEMO_ANSWERS } from '../../local/demo-answers.ts';
import type { DeliveredEvent } from '../../local/lifecycle-events/event-sink.ts';
import { openAndSubmit } from '../../local/person.ts';
import { schemaProblems } from '../support/lifecycle-schemas.ts';
import {
  actionEmail,
  clientsFor,
  linkedEmails,
  startOnboardingOverHttp,
  until,
} from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';

const CONTACT = 'ada@events.example';

/** Collects what `LOCAL_EVENTS_WEBHOOK` receives. */
async function startWebhook() {
  const received: DeliveredEvent[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      received.push(JSON.parse(body) as DeliveredEvent);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => server.close() };
}

function eventsFile(dataDir: string): DeliveredEvent[] {
  return readFileSync(join(dataDir, 'events.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as DeliveredEvent);
}

/**
 * Plays every person until the onboarding completes: the technical sign-off sends "Acme Backup" back
 * once (its provider resubmits), and the marketplace team withdraws "Acme Monitor".
 */
async function playWithSendBackAndWithdrawal(runtime: RuntimeProcess, store: OnboardingStore, id: string) {
  const used = new Set<string>();
  let sentBack = false;
  await until(
    'the onboarding to complete',
    async () => {
      if ((await store.getOnboarding(id))?.status === 'completed') return true;
      for (const { link, record } of await linkedEmails(runtime, store)) {
        if (used.has(link) || record.onboardingId !== id) continue;
        used.add(link);
        const wait = await store.getWait(id, record.waitKey);
        if (wait?.status !== 'pending' || wait.recipient !== record.recipient) continue;
        let answers = DEMO_ANSWERS[record.stage as keyof typeof DEMO_ANSWERS];
        if (record.stage === 'technical-integration' && wait.product === 'Acme Backup' && !sentBack) {
          answers = { decision: 'send-back', reason: 'Please fix the health check.' };
          sentBack = true;
        }
        if (record.stage === 'marketplace-approval' && wait.product === 'Acme Monitor')
          answers = { decision: 'withdraw', reason: 'Not ready this quarter.' };
        const result = await openAndSubmit(link, answers);
        expect(result.submitted, `${record.stage} ${wait.product ?? ''}`).toBe(200);
      }
      return undefined;
    },
    120_000,
  );
  expect(sentBack).toBe(true);
}

describe('lifecycle events, on npm start', () => {
  it('publishes each fact of an onboarding with a send-back, a withdrawal and a crash: every event valid, one id per fact', {
    timeout: 240_000,
  }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-events-'));
    const ports = await RuntimeProcess.freePorts();
    const webhook = await startWebhook();
    const env = { LOCAL_EVENTS_WEBHOOK: webhook.url };
    // The runtime dies the moment the first decision is delivered to Step Functions.
    let runtime = await RuntimeProcess.start({
      dataDir,
      ports,
      env: { ...env, LOCAL_CRASH_AT: 'SendTaskSuccess' },
    });
    try {
      let { store } = clientsFor(runtime);
      const { onboardingId: id } = await startOnboardingOverHttp(runtime, 'Events Software', CONTACT);
      const asked = await actionEmail(runtime, store, id, 'cloud-account');
      await openAndSubmit(asked.link, { alias: 'EVNT' }).catch(() => undefined);
      expect(await runtime.exited).toBeNull();

      runtime = await RuntimeProcess.start({ dataDir, ports, env });
      ({ store } = clientsFor(runtime));
      await playWithSendBackAndWithdrawal(runtime, store, id);

      const events = eventsFile(dataDir);
      // Every event validates against its detail type's schema, and comes from this runtime.
      expect(
        events.flatMap((event) => schemaProblems({ detailType: event['detail-type'], detail: event.detail })),
      ).toEqual([]);
      expect(new Set(events.map((event) => event.source))).toEqual(new Set([LOCAL_AWS.eventSource]));
      expect(new Set(events.map((event) => event.detail.onboardingId))).toEqual(new Set([id]));

      // One id per fact, one fact per id: a duplicate is only ever the same event again.
      const factOf = (event: DeliveredEvent) => {
        const { at: _at, ...fact } = event.detail;
        return JSON.stringify([event['detail-type'], fact]);
      };
      const factsById = new Map<unknown, Set<string>>();
      for (const event of events)
        factsById.set(event.detail.id, (factsById.get(event.detail.id) ?? new Set()).add(factOf(event)));
      for (const [eventId, facts] of factsById) expect([...facts], String(eventId)).toHaveLength(1);
      const idsByFact = new Map<string, Set<unknown>>();
      for (const event of events)
        idsByFact.set(factOf(event), (idsByFact.get(factOf(event)) ?? new Set()).add(event.detail.id));
      for (const [fact, ids] of idsByFact) expect(ids.size, fact).toBe(1);

      const unique = [...new Map(events.map((event) => [event.detail.id, event])).values()];
      const of = (type: string) =>
        unique.filter((event) => event['detail-type'] === type).map((event) => event.detail);
      const waits = await store.listWaits(id);
      // Each step entered and each decision, exactly the recorded ones.
      expect(
        of('Stage Entered')
          .map((detail) => detail.waitKey)
          .sort(),
      ).toEqual(waits.map((wait) => wait.waitKey).sort());
      expect(
        of('Step Decided')
          .map((detail) => detail.waitKey)
          .sort(),
      ).toEqual(
        waits
          .filter((wait) => wait.status === 'decided')
          .map((wait) => wait.waitKey)
          .sort(),
      );
      expect(of('Step Decided')).toContainEqual(
        expect.objectContaining({
          stage: 'technical-integration',
          product: 'Acme Backup',
          outcome: 'changes-requested',
        }),
      );
      // The decision the crash interrupted was published before it, and again when the resumed
      // execution completed the step from the record: the same event, under the same id.
      const aliasDecided = events.filter(
        (event) => event['detail-type'] === 'Step Decided' && event.detail.stage === 'cloud-account',
      );
      expect(aliasDecided.length).toBeGreaterThanOrEqual(2);
      expect(new Set(aliasDecided.map((event) => event.detail.id)).size).toBe(1);
      // One decision, whoever published it.
      expect(of('Step Decided').filter((detail) => detail.stage === 'cloud-account')).toEqual([
        expect.objectContaining({ outcome: 'submitted', decidedBy: 'provider' }),
      ]);
      expect(of('Onboarding Started')).toHaveLength(1);
      expect(of('Onboarding Resumed').length).toBeGreaterThanOrEqual(1);
      expect(of('Product Published')).toEqual([expect.objectContaining({ product: 'Acme Backup' })]);
      expect(of('Product Withdrawn')).toEqual([expect.objectContaining({ product: 'Acme Monitor' })]);
      expect(of('Onboarding Completed')).toEqual([
        expect.objectContaining({
          products: expect.arrayContaining([
            { name: 'Acme Backup', status: 'published' },
            { name: 'Acme Monitor', status: 'withdrawn' },
          ]),
        }),
      ]);
      expect(of('Question Asked')).toEqual([]);
      // Ids only: no name or address of a person in any event.
      const text = JSON.stringify(events);
      for (const personal of [CONTACT, 'Ada Lovelace', 'rep@marketplace.example', 'EVNT'])
        expect(text).not.toContain(personal);

      // The webhook got every event the file has (after the restart, and before the crash).
      await until('the webhook to receive every event', async () =>
        new Set(webhook.received.map((event) => event.detail.id)).size === factsById.size ? true : undefined,
      );
      // The ops console lists them, filtered by detail type.
      const page = await (await fetch(`${runtime.apiUrl}/ops/events?type=Product+Withdrawn`)).text();
      expect(page).toContain('Acme Monitor');
      expect(page).not.toContain('Acme Backup');
    } finally {
      await runtime.kill('SIGTERM');
      webhook.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
