import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient, createDynamoDbStore, lazyDocumentClient } from '../adapters/dynamodb-store.ts';
import { createEventBridgePublisher } from '../adapters/eventbridge-publisher.ts';
import { createSesMailer } from '../adapters/ses-mailer.ts';
import { createSfnCallbacks, createSfnStarter, lazySfnClient } from '../adapters/sfn-workflow.ts';
import { type AppConfig, ConfigurationError, loadConfig } from '../config.ts';
import type { Dependencies, StarterDependencies } from '../domain/dependencies.ts';
import { type LifecycleEventPublisher, noLifecycleEvents } from '../lifecycle/lifecycle-events.ts';
import { createEmfMetrics } from '../observability/emf-metrics.ts';
import { createLambdaLogger } from '../observability/lambda-logger.ts';
import { createLogger, type Logger } from '../observability/logger.ts';
import { METRICS_NAMESPACE, METRICS_SERVICE, type Metrics, noMetrics } from '../observability/metrics.ts';
import { mapStacksOnDemand } from './source-mapped-stacks.ts';

/**
 * Builds the real dependencies once per cold start. Endpoints come from the SDK's own environment
 * variables (AWS_ENDPOINT_URL_DYNAMODB, _SES, _SFN), which is how the local runtime redirects them.
 */
export function dependenciesFromEnv(env: Record<string, string | undefined> = process.env): Dependencies {
  const config = loadConfig(env);
  const logger = loggerFor(env);
  const metrics = metricsFor(env);
  return {
    store: storeFor(config, logger),
    // SES and Step Functions clients are built, and their SDKs loaded, on first use (see the adapters).
    mailer: createSesMailer({
      createClient: async () => new (await import('@aws-sdk/client-ses')).SESClient({}),
      from: config.mail.from,
      configurationSet: config.mail.configurationSet,
    }),
    workflow: createSfnCallbacks(lazySfnClient()),
    config,
    clock: () => new Date(),
    logger,
    metrics,
    events: eventsFor(env, logger, metrics),
  };
}

export function starterDependenciesFromEnv(
  env: Record<string, string | undefined> = process.env,
): StarterDependencies {
  const config = loadConfig(env);
  if (!config.stateMachineArn)
    throw new ConfigurationError('Invalid configuration — STATE_MACHINE_ARN is required');
  const logger = loggerFor(env);
  return {
    store: storeFor(config, logger),
    starter: createSfnStarter(lazySfnClient(), config.stateMachineArn),
    waits: config.waits,
    clock: () => new Date(),
    logger,
    staff: config,
    events: eventsFor(env, logger, metricsFor(env)),
  };
}

const SERVICE = 'marketplace-onboarding';

/**
 * In Lambda, Powertools Logger and EMF metrics; elsewhere (the local runtime runs these same
 * modules in-process) plain JSON lines on stdout and no metrics.
 */
function inLambda(env: Record<string, string | undefined>): boolean {
  return Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
}

export function loggerFor(env: Record<string, string | undefined>): Logger {
  if (!inLambda(env)) return createLogger({ service: SERVICE });
  // The stacks it writes name the source's files and lines; the map is read with the first stack.
  mapStacksOnDemand();
  return createLambdaLogger({ serviceName: SERVICE, keys: { function: env.AWS_LAMBDA_FUNCTION_NAME } });
}

/** The `service` dimension is the stack's name (METRICS_SERVICE), so each stack's metrics stay its own. */
export function metricsFor(env: Record<string, string | undefined>): Metrics {
  return inLambda(env)
    ? createEmfMetrics(METRICS_NAMESPACE, env.METRICS_SERVICE || METRICS_SERVICE)
    : noMetrics;
}

/**
 * Lifecycle events go to the bus `EVENT_BUS_NAME` with `EVENT_SOURCE` (the stack's name) as their
 * source; without both, none are published. The client, and its SDK, load on the first publish.
 */
export function eventsFor(
  env: Record<string, string | undefined>,
  logger: Logger,
  metrics: Metrics,
): LifecycleEventPublisher {
  const eventBusName = env.EVENT_BUS_NAME;
  const source = env.EVENT_SOURCE;
  if (!eventBusName || !source) return noLifecycleEvents;
  return createEventBridgePublisher({
    // One attempt per call, each bounded: the publisher's own retries (and its alarm) take over.
    createClient: async () =>
      new (await import('@aws-sdk/client-eventbridge')).EventBridgeClient({
        maxAttempts: 1,
        requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 },
      }),
    eventBusName,
    source,
    logger: logger.child({ component: 'lifecycle-events' }),
    metrics,
  });
}

function storeFor(config: AppConfig, logger: Logger) {
  return createDynamoDbStore({
    // Built on the first request (see lazyDocumentClient): not part of the cold start.
    client: lazyDocumentClient(() => createDocumentClient(new DynamoDBClient({}))),
    tableName: config.tableName,
    logger: logger.child({ component: 'dynamodb-store' }),
    // "Usually takes about N days" moves slowly: a warm function reads it once every few minutes.
    stageDurationsMaxAgeSeconds: 300,
  });
}
