import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventBridgePublisher } from '../../../functions/adapters/eventbridge-publisher.ts';
import { lifecycleEvent } from '../../../functions/lifecycle/lifecycle-events.ts';
import { createLogger } from '../../../functions/observability/logger.ts';
import { createRecordingMetrics } from '../../../functions/observability/metrics.ts';
import { LOCAL_AWS } from '../../../local/config.ts';
import { createLocalEventSink, type DeliveredEvent } from '../../../local/lifecycle-events/event-sink.ts';
import { putEventsRoute } from '../../../local/lifecycle-events/put-events-route.ts';
import { gatewayWith } from '../api-gateway/harness.ts';

const published = lifecycleEvent(
  'Onboarding Started',
  { onboardingId: 'acme-1', at: '2026-12-07T05:00:00.000Z', factKey: 'acme-1' },
  { executionName: 'acme-1' },
);

describe('the EventBridge stand-in of npm start', () => {
  let dataDir: string;
  let logs: string[];
  const fileEvents = (): DeliveredEvent[] =>
    readFileSync(join(dataDir, 'events.ndjson'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as DeliveredEvent);

  async function standIn(webhook?: string) {
    const sink = createLocalEventSink({ dataDir, webhook, log: (line) => logs.push(line), source: 'local' });
    const { gateway } = await gatewayWith([], { extraHandlers: [putEventsRoute(sink)] });
    const client = (secretAccessKey: string = LOCAL_AWS.secretAccessKey) =>
      new EventBridgeClient({
        endpoint: gateway.url,
        region: LOCAL_AWS.region,
        credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey },
        maxAttempts: 1,
      });
    return { sink, client };
  }

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'events-stand-in-'));
    logs = [];
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('takes the functions’ own publisher unchanged and keeps each event as EventBridge delivers it', async () => {
    const { sink, client } = await standIn();
    const metrics = createRecordingMetrics();
    const publisher = createEventBridgePublisher({
      createClient: () => client(),
      eventBusName: 'default',
      source: 'marketplace-onboarding-local',
      logger: createLogger({}, () => {}),
      metrics,
    });
    await publisher.publish(published);
    expect(metrics.recorded).toEqual([]);
    const [event, ...others] = fileEvents();
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'Onboarding Started',
      source: 'marketplace-onboarding-local',
      account: LOCAL_AWS.accountId,
      region: LOCAL_AWS.region,
      time: '2026-12-07T05:00:00.000Z',
      detail: published.detail,
    });
    expect(sink.list()).toEqual([event]);
  });

  it('refuses a request not signed with the local credentials, keeping nothing', async () => {
    const { client } = await standIn();
    const put = client('not-the-local-secret').send(
      new PutEventsCommand({
        Entries: [{ Source: 'x', DetailType: 'Onboarding Started', Detail: '{}', EventBusName: 'default' }],
      }),
    );
    await expect(put).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    expect(() => fileEvents()).toThrow(/ENOENT/);
  });

  it('answers a bus that does not exist here as EventBridge does: a failed entry, not an error', async () => {
    const { client } = await standIn();
    const answer = await client().send(
      new PutEventsCommand({
        Entries: [{ Source: 'x', DetailType: 'Onboarding Started', Detail: '{}', EventBusName: 'partners' }],
      }),
    );
    expect(answer).toMatchObject({
      FailedEntryCount: 1,
      Entries: [
        { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus partners does not exist.' },
      ],
    });
  });

  it('logs a webhook it cannot reach, and keeps the event all the same', async () => {
    const { sink } = await standIn('http://127.0.0.1:9/unreachable');
    await sink.publish(published);
    expect(fileEvents()).toHaveLength(1);
    await expect.poll(() => logs.join('\n')).toContain('[events] webhook not reached for Onboarding Started');
  });
});
