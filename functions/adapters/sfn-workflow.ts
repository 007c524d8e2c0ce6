import type { SFNClient } from '@aws-sdk/client-sfn';
import type { WorkflowCallbacks, WorkflowStarter, WorkflowStopper } from '../domain/ports.ts';
import { isTransientAwsError, TransientError } from './transient-error.ts';

/**
 * A client, or how to build one on first use. The SDK itself is loaded on the first call, not at
 * module load: a function that calls Step Functions only on a rare path (a stage entry completing
 * from a recorded decision) does not pay for loading it at every cold start.
 */
export type SfnClientSource = SFNClient | (() => Promise<SFNClient>);

export const sfnSdk = () => import('@aws-sdk/client-sfn');

/** The client, built once on first use when given as a factory (and built again after a failed build). */
export function clientFrom(source: SfnClientSource): () => Promise<SFNClient> {
  if (typeof source !== 'function') return async () => source;
  let client: Promise<SFNClient> | undefined;
  return () => {
    client ??= source().catch((error: unknown) => {
      client = undefined;
      throw error;
    });
    return client;
  };
}

/** An SFN client built (and its SDK loaded) on first use, from the SDK's environment settings. */
export function lazySfnClient(): () => Promise<SFNClient> {
  return async () => new (await sfnSdk()).SFNClient({});
}

/** Errors that mean "this token's task is already closed": the decision waits for the next entry. */
const CLOSED_TOKEN_ERRORS = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

export function createSfnCallbacks(source: SfnClientSource): WorkflowCallbacks {
  const client = clientFrom(source);
  return {
    async sendTaskSuccess(taskToken, output) {
      const { SendTaskSuccessCommand } = await sfnSdk();
      try {
        await (await client()).send(
          new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }),
        );
        return 'delivered';
      } catch (error) {
        if (error instanceof Error && CLOSED_TOKEN_ERRORS.has(error.name)) return 'stale';
        if (isTransientAwsError(error))
          throw new TransientError('SendTaskSuccess failed transiently', { cause: error });
        throw error;
      }
    },
  };
}

export function createSfnStarter(source: SfnClientSource, stateMachineArn: string): WorkflowStarter {
  const client = clientFrom(source);
  return {
    async startExecution({ name, input }) {
      const { StartExecutionCommand } = await sfnSdk();
      try {
        const result = await (await client()).send(
          new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
        );
        if (!result.executionArn) throw new Error('StartExecution returned no executionArn');
        return { executionArn: result.executionArn };
      } catch (error) {
        if (isTransientAwsError(error))
          throw new TransientError('StartExecution failed transiently', { cause: error });
        throw error;
      }
    },
  };
}

/** Execution ARNs follow from the state machine's: `...:execution:<state machine name>:<execution name>`. */
export function executionArnOf(stateMachineArn: string, executionName: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}

export function createSfnStopper(source: SfnClientSource, stateMachineArn: string): WorkflowStopper {
  const client = clientFrom(source);
  return {
    async stopExecution(executionName, reason) {
      const { StopExecutionCommand } = await sfnSdk();
      try {
        await (await client()).send(
          new StopExecutionCommand({
            executionArn: executionArnOf(stateMachineArn, executionName),
            ...reason,
          }),
        );
        return true;
      } catch (error) {
        // Already ended, or never started under this name: nothing is running to stop.
        if (error instanceof Error && error.name === 'ExecutionDoesNotExist') return false;
        if (isTransientAwsError(error))
          throw new TransientError('StopExecution failed transiently', { cause: error });
        throw error;
      }
    },
  };
}
