import { createSfnStarter, createSfnStopper, lazySfnClient } from '../adapters/sfn-workflow.ts';
import { ConfigurationError } from '../config.ts';
import { peopleApiHandler } from '../http/people-api-handler.ts';
import { dependenciesFromEnv } from '../runtime/dependencies-from-env.ts';

// Lambda entry: configuration is read and checked once, at cold start.
const deps = dependenciesFromEnv();
const { stateMachineArn } = deps.config;
// Adding a product continues the onboarding in a new execution.
if (!stateMachineArn) throw new ConfigurationError('Invalid configuration — STATE_MACHINE_ARN is required');
// Rarely needed: the Step Functions SDK is loaded and its client built on first use, not at cold start.
const sfn = lazySfnClient();
export const handler = peopleApiHandler(deps, {
  starter: createSfnStarter(sfn, stateMachineArn),
  stopper: createSfnStopper(sfn, stateMachineArn),
});
