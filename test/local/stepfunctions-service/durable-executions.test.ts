import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DescribeExecutionCommand,
  type ExecutionListItem,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { startApprovalService } from './harness.ts';

type Running = Awaited<ReturnType<typeof startApprovalService>>;

const ENGINE_PROCESS = fileURLToPath(new URL('./fixtures/engine-process.ts', import.meta.url));
const ARN = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:approval:${name}`;

/** Runs the engine process on a fresh folder until it is ready, then kills it with SIGKILL (no flush, no stop). */
async function folderOfKilledEngine(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sfn-durable-'));
  const child = spawn(process.execPath, ['--import', 'tsx', ENGINE_PROCESS, dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_, signal) => resolve(signal)),
  );
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready\n')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => reject(new Error(`The engine process ended before it was ready:\n${output}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return dataDir;
}

async function listAll(sfn: SFNClient, stateMachineArn: string): Promise<ExecutionListItem[]> {
  return (await sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions ?? [];
}

async function historyOf(sfn: SFNClient, name: string) {
  return (
    (await sfn.send(new GetExecutionHistoryCommand({ executionArn: ARN(name), maxResults: 1000 }))).events ??
    []
  );
}

describe('executions kept in the data folder', () => {
  let running: Running | undefined;
  const folders: string[] = [];
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('answer after a kill -9: ended ones as they ended, running ones ABORTED because the runtime stopped', async () => {
    // Arrange
    const dataDir = await folderOfKilledEngine();
    folders.push(dataDir);

    // Act
    running = await startApprovalService(dataDir);
    const { sfn, engine } = running;
    const listed = await listAll(sfn, engine.stateMachineArn);
    const waiting = await sfn.send(new DescribeExecutionCommand({ executionArn: ARN('waiting-1') }));
    const failed = await sfn.send(new DescribeExecutionCommand({ executionArn: ARN('failed') }));
    const approved = await sfn.send(new DescribeExecutionCommand({ executionArn: ARN('approved') }));

    // Assert: newest first, as before the kill.
    expect(listed.map((item) => [item.name, item.status])).toEqual([
      ['waiting-2', 'ABORTED'],
      ['waiting-1', 'ABORTED'],
      ['failed', 'FAILED'],
      ['approved', 'SUCCEEDED'],
    ]);
    expect(waiting).toMatchObject({
      status: 'ABORTED',
      input: '{"who":"bob"}',
      error: 'Local.RuntimeStopped',
      cause: 'The local runtime stopped while this execution ran.',
      redriveStatus: 'NOT_REDRIVABLE',
    });
    expect(waiting.stopDate).toBeInstanceOf(Date);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'RecordMissing' });
    expect(JSON.parse(failed.cause ?? '{}')).toMatchObject({ errorMessage: 'The record is missing' });
    expect(JSON.parse(approved.output ?? '{}')).toMatchObject({ decision: { approved: true } });
    expect(engine.interruptedExecutions().map((item) => item.name)).toEqual(['waiting-1', 'waiting-2']);
  });

  it('give the whole history of each, the interrupted ones ending with ExecutionAborted', async () => {
    // Arrange
    const dataDir = await folderOfKilledEngine();
    folders.push(dataDir);

    // Act
    running = await startApprovalService(dataDir);
    const approved = await historyOf(running.sfn, 'approved');
    const waiting = await historyOf(running.sfn, 'waiting-2');

    // Assert
    expect(approved.map((event) => event.type)).toEqual(
      expect.arrayContaining(['ExecutionStarted', 'TaskScheduled', 'TaskSucceeded', 'ExecutionSucceeded']),
    );
    expect(approved.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(waiting.map((event) => event.id)).toEqual(waiting.map((_, index) => index + 1));
    expect(waiting.at(-2)?.type).toBe('TaskSubmitted');
    expect(waiting.at(-1)).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Local.RuntimeStopped' },
    });
    expect(waiting.at(-1)?.timestamp).toBeInstanceOf(Date);
  });

  it('tolerate a last line torn by the kill, in a history and in the index', async () => {
    // Arrange: what a write cut short by SIGKILL leaves behind.
    const dataDir = await folderOfKilledEngine();
    folders.push(dataDir);
    const machineDir = join(dataDir, 'stepfunctions', 'approval');
    const historyFile = readdirSync(join(machineDir, 'executions')).find(
      (file) => file.startsWith('waiting-1-') && file.endsWith('.jsonl'),
    );
    appendFileSync(join(machineDir, 'executions', historyFile ?? 'missing'), '{"id":99,"type":"TaskSucc');
    appendFileSync(join(machineDir, 'executions.jsonl'), '{"seq":5,"name":"half-wr');

    // Act
    running = await startApprovalService(dataDir);
    const events = await historyOf(running.sfn, 'waiting-1');
    const listed = await listAll(running.sfn, running.engine.stateMachineArn);
    const next = await running.sfn.send(
      new StartExecutionCommand({ stateMachineArn: running.engine.stateMachineArn, name: 'after' }),
    );
    await running.waits.next();
    await running.engine.flush();
    const relisted = await listAll(running.sfn, running.engine.stateMachineArn);

    // Assert: the torn lines are dropped, and what is appended after them reads back whole.
    expect(events.at(-1)).toMatchObject({ type: 'ExecutionAborted', id: events.length });
    expect(listed).toHaveLength(4);
    expect(next.executionArn).toBe(ARN('after'));
    expect(relisted.map((item) => item.name)).toEqual([
      'after',
      'waiting-2',
      'waiting-1',
      'failed',
      'approved',
    ]);
  });

  it('keep start idempotency across a restart: an ended name is taken, whatever the input', async () => {
    // Arrange
    const dataDir = await folderOfKilledEngine();
    folders.push(dataDir);
    running = await startApprovalService(dataDir);
    const { sfn, engine } = running;

    // Act
    const starts = [
      ['approved', '{"who":"ann"}'],
      ['waiting-1', '{"who":"bob"}'],
      ['failed', '{}'],
    ].map(([name, input]) =>
      sfn.send(new StartExecutionCommand({ stateMachineArn: engine.stateMachineArn, name, input })),
    );

    // Assert
    for (const start of starts) await expect(start).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('name the execution that resumed an interrupted one, and keep it over the next restart', async () => {
    // Arrange
    const dataDir = await folderOfKilledEngine();
    folders.push(dataDir);
    running = await startApprovalService(dataDir);

    // Act
    await running.engine.noteResumedBy(ARN('waiting-1'), 'waiting-1-resume-1');
    const refused = await running.engine.noteResumedBy(ARN('approved'), 'approved-resume-1').catch((e) => e);
    await running.stop();
    running = await startApprovalService(dataDir);
    const described = await running.sfn.send(
      new DescribeExecutionCommand({ executionArn: ARN('waiting-1') }),
    );

    // Assert
    expect(refused).toMatchObject({ name: 'ValidationException' });
    expect(described.cause).toBe(
      'The local runtime stopped while this execution ran. Resumed as waiting-1-resume-1.',
    );
    expect(described.status).toBe('ABORTED');
    // Interrupted by the kill, not by this graceful stop: no longer news to the next engine.
    expect(running.engine.interruptedExecutions()).toEqual([]);
  });

  it('show executions running at a graceful stop as interrupted, like after a kill', async () => {
    // Arrange
    const dataDir = mkdtempSync(join(tmpdir(), 'sfn-durable-'));
    folders.push(dataDir);
    running = await startApprovalService(dataDir);
    await running.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: running.engine.stateMachineArn,
        name: 'open',
        input: '{}',
      }),
    );
    await running.waits.next();

    // Act
    await running.stop();
    running = await startApprovalService(dataDir);
    const described = await running.sfn.send(new DescribeExecutionCommand({ executionArn: ARN('open') }));

    // Assert
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Local.RuntimeStopped' });
    expect(running.engine.interruptedExecutions().map((item) => item.executionArn)).toEqual([ARN('open')]);
  });

  it('hold ended executions as summaries only, reading their details from the files', async () => {
    // Arrange
    const dataDir = mkdtempSync(join(tmpdir(), 'sfn-durable-'));
    folders.push(dataDir);
    running = await startApprovalService(dataDir);
    const { sfn, engine, waits } = running;
    const names = Array.from({ length: 20 }, (_, index) => `done-${index}`);
    for (const name of names) {
      const { executionArn } = await engine.startExecution({ name, input: `{"n":"${name}"}` });
      await engine.sendTaskSuccess((await waits.next()).taskToken, '{"ok":true}');
      await engine.waitForExecution(executionArn);
    }
    await engine.startExecution({ name: 'still-waiting' });
    await waits.next();

    // Act
    await engine.flush();
    const footprint = engine.executionFootprint();
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: ARN('done-7') }));
    const history = await historyOf(sfn, 'done-7');

    // Assert
    expect(footprint).toEqual({ whole: 1, summaries: 20 });
    expect(described).toMatchObject({ status: 'SUCCEEDED', input: '{"n":"done-7"}' });
    expect(history.at(-1)?.type).toBe('ExecutionSucceeded');
  });
});
