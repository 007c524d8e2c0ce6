import {
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { WorkflowCallbacks, WorkflowStarter, WorkflowStopper } from '../domain/ports.ts';
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

/** Execution ARNs follow from the state machine's: `...:execution:<state machine name>:<execution name>`. */
export function executionArnOf(stateMachineArn: string, executionName: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}

export function createSfnStopper(client: SFNClient, stateMachineArn: string): WorkflowStopper {
  return {
    async stopExecution(executionName, reason) {
      try {
        await client.send(
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
