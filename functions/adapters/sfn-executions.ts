import { DescribeExecutionCommand, RedriveExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { ExecutionFacts, WorkflowExecutions } from '../domain/redrive-onboarding.ts';

/** The execution ARN Step Functions gives `executionName` of the state machine `stateMachineArn`. */
export function executionArnOf(stateMachineArn: string, executionName: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}

/** Describe and redrive executions of one state machine, by name. Errors are matched by name, as the SDK sets it. */
export function createSfnExecutions(client: SFNClient, stateMachineArn: string): WorkflowExecutions {
  return {
    async describe(executionName) {
      const executionArn = executionArnOf(stateMachineArn, executionName);
      try {
        const found = await client.send(new DescribeExecutionCommand({ executionArn }));
        if (!found.status) throw new Error(`DescribeExecution returned no status for ${executionArn}`);
        const facts: ExecutionFacts = { executionArn, status: found.status };
        if (found.stopDate) facts.stopDate = found.stopDate;
        if (found.error) facts.error = found.error;
        if (found.cause) facts.cause = found.cause;
        if (found.redriveStatus) facts.redriveStatus = found.redriveStatus;
        if (found.redriveStatusReason) facts.redriveStatusReason = found.redriveStatusReason;
        return facts;
      } catch (error) {
        if (error instanceof Error && error.name === 'ExecutionDoesNotExist') return undefined;
        throw error;
      }
    },

    async redrive(executionArn) {
      try {
        await client.send(new RedriveExecutionCommand({ executionArn }));
        return 'redriven';
      } catch (error) {
        if (error instanceof Error && error.name === 'ExecutionNotRedrivable') return 'not-redrivable';
        throw error;
      }
    },
  };
}
