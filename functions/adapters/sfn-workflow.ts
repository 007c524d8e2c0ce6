import { SendTaskSuccessCommand, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { WorkflowCallbacks, WorkflowStarter } from '../domain/ports.ts';
import { isTransientAwsError, TransientError } from './transient-error.ts';

/** Errors that mean "this token's task is already closed": the decision waits for the next entry. */
const CLOSED_TOKEN_ERRORS = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

export function createSfnCallbacks(client: SFNClient): WorkflowCallbacks {
  return {
    async sendTaskSuccess(taskToken, output) {
      try {
        await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
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

export function createSfnStarter(client: SFNClient, stateMachineArn: string): WorkflowStarter {
  return {
    async startExecution({ name, input }) {
      try {
        const result = await client.send(
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
