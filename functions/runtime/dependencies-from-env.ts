import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbStore } from '../adapters/dynamodb-store.ts';
import { createSesMailer } from '../adapters/ses-mailer.ts';
import { createSfnCallbacks, createSfnStarter } from '../adapters/sfn-workflow.ts';
import { type AppConfig, ConfigurationError, loadConfig } from '../config.ts';
import type { Dependencies, StarterDependencies } from '../domain/dependencies.ts';
import { createLogger } from '../observability/logger.ts';

/**
 * Builds the real dependencies once per cold start. Endpoints come from the SDK's own environment
 * variables (AWS_ENDPOINT_URL_DYNAMODB, _SES, _SFN), which is how the local runtime redirects them.
 */
export function dependenciesFromEnv(env: Record<string, string | undefined> = process.env): Dependencies {
  const config = loadConfig(env);
  const logger = createLogger({ service: 'marketplace-onboarding', function: env.AWS_LAMBDA_FUNCTION_NAME });
  return {
    store: storeFor(config),
    mailer: createSesMailer({
      client: new SESClient({}),
      from: config.mail.from,
      replyTo: config.mail.replyTo,
      configurationSet: config.mail.configurationSet,
    }),
    workflow: createSfnCallbacks(new SFNClient({})),
    config,
    clock: () => new Date(),
    logger,
  };
}

export function starterDependenciesFromEnv(
  env: Record<string, string | undefined> = process.env,
): StarterDependencies {
  const config = loadConfig(env);
  if (!config.stateMachineArn)
    throw new ConfigurationError('Invalid configuration — STATE_MACHINE_ARN is required');
  return {
    store: storeFor(config),
    starter: createSfnStarter(new SFNClient({}), config.stateMachineArn),
    waits: config.waits,
    clock: () => new Date(),
    logger: createLogger({ service: 'marketplace-onboarding', function: env.AWS_LAMBDA_FUNCTION_NAME }),
  };
}

function storeFor(config: AppConfig) {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return createDynamoDbStore({ client, tableName: config.tableName });
}
