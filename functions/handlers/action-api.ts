import { createSfnExecutionList } from '../adapters/sfn-executions.ts';
import { clientFrom, createSfnStarter, lazySfnClient } from '../adapters/sfn-workflow.ts';
import { actionApiHandler } from '../http/action-api-handler.ts';
import { dependenciesFromEnv } from '../runtime/dependencies-from-env.ts';

// Lambda entry: configuration is read and checked once, at cold start.
const deps = dependenciesFromEnv();
const { stateMachineArn } = deps.config;
// Step Functions is called only to resume an orphaned onboarding: its SDK is loaded and one client
// built on first use, not at cold start.
const sfn = clientFrom(lazySfnClient());
// An answer to a decided step whose execution is gone resumes the onboarding (see sweep-orphans.ts).
export const handler = actionApiHandler(
  deps,
  stateMachineArn
    ? {
        starter: createSfnStarter(sfn, stateMachineArn),
        executions: createSfnExecutionList(sfn, stateMachineArn),
      }
    : undefined,
);
