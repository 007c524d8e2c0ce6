import type { WorkflowExecutionList } from '../domain/ports.ts';
import type { ExecutionFacts, WorkflowExecutions } from '../domain/redrive-onboarding.ts';
import { clientFrom, type SfnClientSource, sfnSdk } from './sfn-workflow.ts';
import { mapTransient } from './transient-error.ts';

/** The execution ARN Step Functions gives `executionName` of the state machine `stateMachineArn`. */
export function executionArnOf(stateMachineArn: string, executionName: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}

/**
 * Describe and redrive executions of one state machine, by name. Errors are matched by name, as the
 * SDK sets it. The SDK is loaded on the first call (see `SfnClientSource`): a function that looks at
 * executions only on a rare path does not load it at every cold start.
 */
export function createSfnExecutions(source: SfnClientSource, stateMachineArn: string): WorkflowExecutions {
  const client = clientFrom(source);
  return {
    async describe(executionName) {
      const executionArn = executionArnOf(stateMachineArn, executionName);
      const { DescribeExecutionCommand } = await sfnSdk();
      try {
        const found = await (await client()).send(new DescribeExecutionCommand({ executionArn }));
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
      const { RedriveExecutionCommand } = await sfnSdk();
      try {
        await (await client()).send(new RedriveExecutionCommand({ executionArn }));
        return 'redriven';
      } catch (error) {
        if (error instanceof Error && error.name === 'ExecutionNotRedrivable') return 'not-redrivable';
        throw error;
      }
    },
  };
}

/** The state machine's executions by status, for the orphan sweep (ListExecutions, every page). */
export function createSfnExecutionList(
  source: SfnClientSource,
  stateMachineArn: string,
): WorkflowExecutionList {
  const client = clientFrom(source);
  const executions = createSfnExecutions(client, stateMachineArn);
  return {
    async listNames(statusFilter) {
      const { ListExecutionsCommand } = await sfnSdk();
      const names: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await mapTransient('SFN ListExecutions', async () =>
          (await client()).send(
            new ListExecutionsCommand({ stateMachineArn, statusFilter, maxResults: 1000, nextToken }),
          ),
        );
        for (const execution of page.executions ?? []) if (execution.name) names.push(execution.name);
        nextToken = page.nextToken;
      } while (nextToken);
      return names;
    },
    async statusOf(executionName) {
      return (await mapTransient('SFN DescribeExecution', () => executions.describe(executionName)))?.status;
    },
  };
}
