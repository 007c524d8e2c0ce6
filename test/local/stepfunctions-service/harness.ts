import { SFNClient } from '@aws-sdk/client-sfn';
import { type LocalFunction, LocalWorkflowEngine } from '../../../local/stepfunctions/index.ts';
import { startStepFunctionsService } from '../../../local/stepfunctions-service/index.ts';
import { Inbox, substitution } from '../stepfunctions/harness.ts';

export interface WaitEvent {
  taskToken: string;
  input: unknown;
}

/** A Lambda task, then a person's decision through a task token: the two task kinds the engine runs. */
export const approvalMachine = {
  StartAt: 'Prepare',
  States: {
    Prepare: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: substitution('PrepareFunctionArn'), 'Payload.$': '$' },
      ResultSelector: { 'prepared.$': '$.Payload.prepared' },
      ResultPath: '$.preparation',
      Next: 'Wait for approval',
    },
    'Wait for approval': {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: substitution('WaitFunctionArn'),
        Payload: { 'taskToken.$': '$$.Task.Token', 'input.$': '$' },
      },
      ResultPath: '$.decision',
      End: true,
    },
  },
};

/** An SDK client as the handlers build one, pointed at the local service with throwaway credentials. */
export function sdkClient(url: string): SFNClient {
  return new SFNClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // One attempt, so a refused call surfaces at once instead of being retried.
    maxAttempts: 1,
  });
}

/** The engine with `definition`, behind the service on a free port, and an SDK client for it. */
export async function startService(
  definition: string,
  functions: Record<string, LocalFunction>,
  stateMachineName = 'approval',
  dataDir?: string,
) {
  const engine = new LocalWorkflowEngine({ definition, stateMachineName, functions, dataDir });
  const logs: string[] = [];
  const service = await startStepFunctionsService({
    engine,
    port: 0,
    definition,
    onLog: (line) => logs.push(line),
  });
  const sfn = sdkClient(service.url);
  return {
    engine,
    service,
    sfn,
    logs,
    async stop() {
      sfn.destroy();
      await service.close();
      await engine.dispose();
    },
  };
}

/** The approval machine on the service; `waits` receives each token the approval task is given. */
export async function startApprovalService(dataDir?: string) {
  const waits = new Inbox<WaitEvent>();
  const running = await startService(
    JSON.stringify(approvalMachine),
    { PrepareFunctionArn: async () => ({ prepared: true }), WaitFunctionArn: waits.handler },
    'approval',
    dataDir,
  );
  return { ...running, waits };
}
