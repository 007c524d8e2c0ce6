import { randomUUID } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeliveredEvent } from '../../functions/lifecycle/delivered-event.ts';
import type { LifecycleEvent, LifecycleEventPublisher } from '../../functions/lifecycle/lifecycle-events.ts';
import { LOCAL_AWS } from '../config.ts';

export interface LocalEventSink extends LifecycleEventPublisher {
  /** Puts one event as EventBridge would deliver it (the PutEvents stand-in calls this). */
  deliver(entry: {
    source: string;
    detailType: string;
    detail: Record<string, unknown>;
    time?: string;
  }): void;
  /** The events so far (kept on disk, so they outlive a restart), oldest first. */
  list(): DeliveredEvent[];
}

export type { DeliveredEvent };

/** How many events `list()` reads back from the file (the latest ones). */
const LIST_LIMIT = 2000;

/**
 * Where lifecycle events go on `npm start`: appended to `<data folder>/events.ndjson` (one delivered
 * event per line), and POSTed to `LOCAL_EVENTS_WEBHOOK` when it is set. A webhook that fails is
 * logged and never retried or thrown: the local runtime's subscribers are for trying rules out.
 */
export function createLocalEventSink(options: {
  dataDir: string;
  webhook?: string;
  log: (line: string) => void;
  /** The `source` of events published through the port directly (recovery, the ops console). */
  source: string;
}): LocalEventSink {
  const file = join(options.dataDir, 'events.ndjson');

  const deliver: LocalEventSink['deliver'] = (entry) => {
    const event: DeliveredEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.detailType,
      source: entry.source,
      account: LOCAL_AWS.accountId,
      time: entry.time ?? new Date().toISOString(),
      region: LOCAL_AWS.region,
      resources: [],
      detail: entry.detail,
    };
    // Written before PutEvents answers, so an event the publisher saw accepted is on disk.
    appendFileSync(file, `${JSON.stringify(event)}\n`);
    if (options.webhook) void postToWebhook(options.webhook, event, options.log);
  };

  return {
    deliver,
    async publish(event: LifecycleEvent) {
      try {
        deliver({
          source: options.source,
          detailType: event.detailType,
          detail: event.detail,
          time: event.detail.at,
        });
      } catch (error) {
        // The port's promise: a publish never throws into the step that recorded the fact.
        options.log(`[events] not written: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    list() {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return [];
      }
      return text
        .split('\n')
        .filter(Boolean)
        .slice(-LIST_LIMIT)
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as DeliveredEvent];
          } catch {
            return []; // a line cut short by a crash mid-write
          }
        });
    },
  };
}

async function postToWebhook(url: string, event: DeliveredEvent, log: (line: string) => void) {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) log(`[events] webhook answered ${response.status} for ${event['detail-type']}`);
  } catch (error) {
    log(
      `[events] webhook not reached for ${event['detail-type']}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
