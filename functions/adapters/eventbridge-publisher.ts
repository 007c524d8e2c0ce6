import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { LifecycleEvent, LifecycleEventPublisher } from '../lifecycle/lifecycle-events.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';

export interface EventBridgePublisherOptions {
  /** Builds the client on the first publish, so a cold start that publishes nothing loads no SDK. */
  createClient: () => EventBridgeClient | Promise<EventBridgeClient>;
  /** The bus name or ARN (`default` for the account's default bus). */
  eventBusName: string;
  /** The events' `source`: the stack's name. */
  source: string;
  logger: Logger;
  /** Counts `EventsNotPublished` (an alarm watches it). */
  metrics: Metrics;
  /** PutEvents attempts before giving up (build the client with `maxAttempts: 1`: these are the retries). */
  attempts?: number;
  /** Waits between attempts (ms), doubled each time. */
  backoffMs?: number;
}

const eventBridgeSdk = () => import('@aws-sdk/client-eventbridge');

/**
 * Lifecycle events as EventBridge PutEvents calls, one event per call (each fact is published as it
 * is recorded). A failed call, or an entry the bus refused, is tried again a few times, then logged
 * and counted: publishing never throws into the workflow step that recorded the fact.
 */
export function createEventBridgePublisher(options: EventBridgePublisherOptions): LifecycleEventPublisher {
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 100;
  let client: Promise<EventBridgeClient> | undefined;

  async function putOnce(event: LifecycleEvent): Promise<string | undefined> {
    const { PutEventsCommand } = await eventBridgeSdk();
    client ??= Promise.resolve(options.createClient());
    const answer = await (await client).send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: options.eventBusName,
            Source: options.source,
            DetailType: event.detailType,
            Detail: JSON.stringify(event.detail),
            Time: new Date(event.detail.at),
          },
        ],
      }),
    );
    const entry = answer.Entries?.[0];
    if ((answer.FailedEntryCount ?? 0) > 0 || entry?.ErrorCode)
      return `${entry?.ErrorCode ?? 'Failed'}: ${entry?.ErrorMessage ?? 'the bus refused the entry'}`;
    return undefined;
  }

  return {
    async publish(event) {
      let problem = '';
      for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
          const refused = await putOnce(event);
          if (refused === undefined) return;
          problem = refused;
        } catch (error) {
          problem = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          // A client that could not even be built is built again on the next try.
          if (!(error instanceof Error && '$metadata' in error)) client = undefined;
        }
        if (attempt < attempts) await sleep(backoffMs * 2 ** (attempt - 1));
      }
      options.logger.error('Lifecycle event not published', {
        detailType: event.detailType,
        eventId: event.detail.id,
        onboardingId: event.detail.onboardingId,
        attempts,
        problem,
      });
      options.metrics.count('EventsNotPublished');
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
