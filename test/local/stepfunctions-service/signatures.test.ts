import { ListExecutionsCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalWorkflowEngine } from '../../../local/stepfunctions/index.ts';
import { startStepFunctionsService } from '../../../local/stepfunctions-service/index.ts';
import { approvalMachine } from './harness.ts';

const LOCAL = { accessKeyId: 'local', secretAccessKey: 'local' };
let engine: LocalWorkflowEngine;
let service: Awaited<ReturnType<typeof startStepFunctionsService>>;

function client(credentials: { accessKeyId: string; secretAccessKey: string }, extra = {}) {
  return new SFNClient({ endpoint: service.url, region: 'us-east-1', credentials, maxAttempts: 1, ...extra });
}

/** What a call answers: the SDK's error name and HTTP status, or "ok". */
async function outcome(sfn: SFNClient, command: ListExecutionsCommand | StartExecutionCommand) {
  try {
    await sfn.send(command as ListExecutionsCommand);
    return { name: 'ok', status: 200 };
  } catch (error) {
    const failure = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: failure.name, status: failure.$metadata?.httpStatusCode };
  } finally {
    sfn.destroy();
  }
}

beforeAll(async () => {
  engine = new LocalWorkflowEngine({
    definition: JSON.stringify(approvalMachine),
    stateMachineName: 'approval',
    functions: { PrepareFunctionArn: async () => ({ prepared: true }), WaitFunctionArn: async () => ({}) },
  });
  service = await startStepFunctionsService({
    engine,
    port: 0,
    auth: { credentials: LOCAL, region: 'us-east-1', accountId: '123456789012' },
  });
});
afterAll(async () => {
  await service.close();
  await engine.dispose();
});

describe('the local Step Functions service checks SigV4 as AWS does', () => {
  const list = () => new ListExecutionsCommand({ stateMachineArn: engine.stateMachineArn });
  const start = (name: string) =>
    new StartExecutionCommand({ stateMachineArn: engine.stateMachineArn, name, input: '{}' });

  it('answers the SDK signing with the local credentials', async () => {
    expect(await outcome(client(LOCAL), list())).toEqual({ name: 'ok', status: 200 });
    expect(await outcome(client(LOCAL), start('signed'))).toEqual({ name: 'ok', status: 200 });
  });

  it('refuses a wrong secret with InvalidSignatureException', async () => {
    expect(await outcome(client({ ...LOCAL, secretAccessKey: 'guess' }), start('wrong-secret'))).toEqual({
      name: 'InvalidSignatureException',
      status: 400,
    });
  });

  it('refuses an unknown access key with UnrecognizedClientException', async () => {
    expect(await outcome(client({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'local' }), list())).toEqual({
      name: 'UnrecognizedClientException',
      status: 400,
    });
  });

  it('refuses a signature from an hour ago with InvalidSignatureException', async () => {
    const stale = client(LOCAL, { systemClockOffset: -3_600_000 });
    expect(await outcome(stale, start('stale'))).toEqual({ name: 'InvalidSignatureException', status: 400 });
  });

  it('refuses unsigned calls with MissingAuthenticationTokenException, starting nothing', async () => {
    for (const [target, body] of [
      ['AWSStepFunctions.ListExecutions', { stateMachineArn: engine.stateMachineArn }],
      ['AWSStepFunctions.StartExecution', { stateMachineArn: engine.stateMachineArn, name: 'unsigned' }],
    ] as const) {
      const response = await fetch(service.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
      expect(await response.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    }
    const names = (await engine.listExecutions({})).executions.map((execution) => execution.name);
    expect(names).toEqual(['signed']);
  });
});
