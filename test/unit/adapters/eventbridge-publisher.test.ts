import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createEventBridgePublisher } from '../../../functions/adapters/eventbridge-publisher.ts';
import { lifecycleEvent } from '../../../functions/lifecycle/lifecycle-events.ts';
import { createLogger } from '../../../functions/observability/logger.ts';
import { createRecordingMetrics } from '../../../functions/observability/metrics.ts';

const published = lifecycleEvent(
  'Product Published',
  { onboardingId: 'acme-1', at: '2026-12-07T05:00:00.000Z', factKey: 'Acme Backup' },
  { product: 'Acme Backup' },
);

describe('the EventBridge publisher', () => {
  const eventBridge = mockClient(EventBridgeClient);
  let logLines: string[];
  let metrics: ReturnType<typeof createRecordingMetrics>;
  let clientsBuilt: number;

  const publisher = (attempts = 3) =>
    createEventBridgePublisher({
      createClient: () => {
        clientsBuilt++;
        return new EventBridgeClient({ region: 'eu-west-1' });
      },
      eventBusName: 'default',
      source: 'MarketplaceOnboardingStack',
      logger: createLogger({}, (line) => logLines.push(line)),
      metrics,
      attempts,
      backoffMs: 1,
    });

  beforeEach(() => {
    eventBridge.reset();
    logLines = [];
    metrics = createRecordingMetrics();
    clientsBuilt = 0;
  });

  it('builds no client until the first publish (no cold-start cost for functions that publish nothing)', async () => {
    const events = publisher();
    expect(clientsBuilt).toBe(0);
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
    await events.publish(published);
    await events.publish(published);
    expect(clientsBuilt).toBe(1);
  });

  it('puts the fact on the bus: the stack as source, the detail type, the detail as JSON, the fact time', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
    await publisher().publish(published);
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input.Entries).toEqual([
      {
        EventBusName: 'default',
        Source: 'MarketplaceOnboardingStack',
        DetailType: 'Product Published',
        Detail: JSON.stringify(published.detail),
        Time: new Date('2026-12-07T05:00:00.000Z'),
      },
    ]);
    expect(metrics.recorded).toEqual([]);
  });

  it('tries again after a failed call and succeeds without a trace of failure', async () => {
    eventBridge
      .on(PutEventsCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: {} }))
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
    await publisher().publish(published);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(2);
    expect(metrics.recorded).toEqual([]);
  });

  it('treats an entry the bus refused as a failure, and tries again', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'x' }] })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
    await publisher().publish(published);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(2);
    expect(metrics.recorded).toEqual([]);
  });

  it('never throws: after its attempts it logs the event id and counts EventsNotPublished (the alarm)', async () => {
    eventBridge
      .on(PutEventsCommand)
      .rejects(Object.assign(new Error('no access'), { name: 'AccessDeniedException', $metadata: {} }));
    await expect(publisher(3).publish(published)).resolves.toBeUndefined();
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(3);
    expect(metrics.recorded).toEqual([{ name: 'EventsNotPublished', value: 1 }]);
    const line = JSON.parse(logLines.at(-1) ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'ERROR',
      message: 'Lifecycle event not published',
      detailType: 'Product Published',
      eventId: published.detail.id,
      onboardingId: 'acme-1',
      problem: 'AccessDeniedException: no access',
    });
  });
});
