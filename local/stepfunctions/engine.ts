import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from './clock.ts';
import { parseDefinition, prepareDefinition } from './definition.ts';
import { describe, type ExecutionRecord, listItemOf } from './execution-record.ts';
import { type ExecutionEnvironment, launchExecution } from './execution-runner.ts';
import type {
  ExecutionDescription,
  ExecutionHistoryPage,
  GetExecutionHistoryRequest,
  ListExecutionsRequest,
  ListExecutionsResult,
  StartExecutionRequest,
  StartExecutionResult,
  StopExecutionRequest,
  StopExecutionResult,
} from './execution-types.ts';
import { ExecutionHistory } from './history.ts';
import { historyPage } from './history-page.ts';
import { loadInterpreterErrors } from './interpreter-errors.ts';
import type { LocalFunction } from './local-function.ts';
import { checkResourceName, executionArn, stateMachineArn } from './names.ts';
import { decodePageToken, encodePageToken, pageSize } from './pagination.ts';
import { redactText } from './redaction.ts';
import { WorkflowServiceError } from './service-error.ts';
import { functionRefFor, type LocalFunctionRef, substituteFunctionArns } from './substitutions.ts';
import { TaskRegistry } from './task-registry.ts';
import type { RegisteredFunction } from './task-runner.ts';

export interface LocalWorkflowEngineOptions {
  /** ASL JSON text with `${Substitution}` placeholders for function ARNs (statemachine/*.asl.json). */
  definition: string;
  stateMachineName: string;
  region?: string;
  accountId?: string;
  /** Local Lambda handlers by substitution name, e.g. `{ EnterStageFunctionArn: handler }`. */
  functions: Record<string, LocalFunction>;
  clock?: Clock;
  /** One line per notable event (execution started/ended, token issued, timeouts); never a task token. */
  onLog?: (line: string) => void;
  /** Multiplies every Retry pause (IntervalSeconds, MaxDelaySeconds); tests use a small value. Default 1. */
  retryDelayScale?: number;
  /** What `context.getRemainingTimeInMillis()` counts down from. Default 60 000. */
  lambdaTimeoutMs?: number;
  /** How many closed task tokens are remembered to explain a TaskTimedOut. Default 10 000. */
  closedTokenMemory?: number;
}

const EXECUTION_ARN = /^arn:aws[\w-]*:states:[\w-]+:\d{12}:execution:[^:]+:[^:]+$/;

/**
 * Step Functions for one state machine, in process: runs the ASL with `aws-local-stepfunctions`,
 * Lambda tasks with local handlers, and adds what the interpreter lacks (task tokens and callbacks,
 * task timeouts and heartbeats, execution bookkeeping and history). Operations mirror the AWS API
 * and fail with `WorkflowServiceError`s named like AWS's errors.
 */
export class LocalWorkflowEngine {
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  private readonly environment: ExecutionEnvironment;
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly ready = loadInterpreterErrors();
  private readonly scope: { region: string; accountId: string };
  private nextSeq = 1;

  constructor(options: LocalWorkflowEngineOptions) {
    checkResourceName('state machine', options.stateMachineName);
    const scale = options.retryDelayScale ?? 1;
    if (!(scale >= 0 && Number.isFinite(scale)))
      throw new RangeError('retryDelayScale must be a number >= 0');
    this.scope = { region: options.region ?? 'us-east-1', accountId: options.accountId ?? '123456789012' };
    // Both end up in every ARN the engine issues and later parses back.
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(this.scope.region))
      throw new RangeError(`Invalid region: ${this.scope.region}`);
    if (!/^\d{12}$/.test(this.scope.accountId)) throw new RangeError('accountId must be 12 digits');
    this.stateMachineName = options.stateMachineName;
    this.stateMachineArn = stateMachineArn(this.scope, options.stateMachineName);

    const refs = new Map<string, LocalFunctionRef>();
    const functions = new Map<string, RegisteredFunction>();
    for (const [substitution, fn] of Object.entries(options.functions)) {
      const ref = functionRefFor(this.scope, substitution);
      if (functions.has(ref.functionName)) {
        throw new WorkflowServiceError(
          'InvalidDefinition',
          `Two substitutions name function ${ref.functionName}`,
        );
      }
      refs.set(substitution, ref);
      functions.set(ref.functionName, { ref, fn });
    }
    const prepared = prepareDefinition(
      parseDefinition(substituteFunctionArns(options.definition, refs)),
      scale,
    );
    const onLog = options.onLog;
    this.environment = {
      ...prepared,
      functions,
      registry: new TaskRegistry(options.closedTokenMemory),
      clock: options.clock ?? systemClock,
      region: this.scope.region,
      stateMachineName: options.stateMachineName,
      roleArn: `arn:aws:iam::${this.scope.accountId}:role/${options.stateMachineName}-local`,
      lambdaTimeoutMs: options.lambdaTimeoutMs ?? 60_000,
      // Redacted again as a safety net (an error message may quote a payload); a failing sink is ignored.
      log: (line) => {
        try {
          onLog?.(redactText(line));
        } catch {}
      },
    };
  }

  async startExecution(request: StartExecutionRequest = {}): Promise<StartExecutionResult> {
    if (request.stateMachineArn !== undefined && request.stateMachineArn !== this.stateMachineArn) {
      throw new WorkflowServiceError(
        'StateMachineDoesNotExist',
        `State machine does not exist: ${request.stateMachineArn}`,
      );
    }
    const name = request.name ?? randomUUID();
    checkResourceName('execution', name);
    const input = request.input ?? '{}';
    let inputValue: unknown;
    try {
      inputValue = JSON.parse(input);
    } catch (error) {
      throw new WorkflowServiceError(
        'InvalidExecutionInput',
        `Invalid execution input: ${(error as Error).message}`,
      );
    }
    await this.ready;

    const arn = executionArn(this.scope, this.stateMachineName, name);
    const existing = this.executions.get(arn);
    if (existing) {
      // AWS: the same name and input while it runs is an idempotent retry of the same start.
      if (existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn: arn, startDate: existing.startDate };
      }
      throw new WorkflowServiceError('ExecutionAlreadyExists', `Execution already exists: ${name}`);
    }
    const record: ExecutionRecord = {
      seq: this.nextSeq++,
      executionArn: arn,
      stateMachineArn: this.stateMachineArn,
      name,
      input,
      status: 'RUNNING',
      startDate: this.environment.clock.now(),
      history: new ExecutionHistory(this.environment.clock),
      abort: () => {},
      finished: Promise.resolve(),
    };
    this.executions.set(arn, record);
    this.environment.log(`execution "${name}" started`);
    launchExecution(record, inputValue, this.environment);
    return { executionArn: arn, startDate: record.startDate };
  }

  async describeExecution(executionArn: string): Promise<ExecutionDescription> {
    return describe(this.find(executionArn));
  }

  async listExecutions(request: ListExecutionsRequest = {}): Promise<ListExecutionsResult> {
    if (request.stateMachineArn !== undefined && request.stateMachineArn !== this.stateMachineArn) {
      throw new WorkflowServiceError(
        'StateMachineDoesNotExist',
        `State machine does not exist: ${request.stateMachineArn}`,
      );
    }
    const limit = pageSize(request.maxResults);
    const before =
      request.nextToken === undefined ? Number.POSITIVE_INFINITY : decodePageToken(request.nextToken);
    const matching = [...this.executions.values()]
      .filter(
        (record) => record.seq < before && (!request.statusFilter || record.status === request.statusFilter),
      )
      .sort((a, b) => b.seq - a.seq);
    const page = matching.slice(0, limit);
    const last = page.at(-1);
    return {
      executions: page.map(listItemOf),
      ...(matching.length > limit && last ? { nextToken: encodePageToken(last.seq) } : {}),
    };
  }

  async stopExecution(
    executionArn: string,
    request: StopExecutionRequest = {},
  ): Promise<StopExecutionResult> {
    const record = this.find(executionArn);
    if (record.status === 'RUNNING') {
      record.stopRequest = { ...request };
      record.abort();
      await record.finished;
    }
    return { stopDate: record.stopDate ?? this.environment.clock.now() };
  }

  async getExecutionHistory(
    executionArn: string,
    request: GetExecutionHistoryRequest = {},
  ): Promise<ExecutionHistoryPage> {
    return historyPage(this.find(executionArn).history.list(), request);
  }

  async sendTaskSuccess(taskToken: string, output: string): Promise<void> {
    const task = this.environment.registry.find(taskToken);
    let value: unknown;
    try {
      value = JSON.parse(output);
    } catch (error) {
      throw new WorkflowServiceError(
        'InvalidOutput',
        `Task output is not valid JSON: ${(error as Error).message}`,
      );
    }
    task.succeed(value);
  }

  /** Fails the task with `error` as its ASL error name (`States.TaskFailed` when omitted). */
  async sendTaskFailure(taskToken: string, error?: string, cause?: string): Promise<void> {
    this.environment.registry.find(taskToken).fail(error ?? 'States.TaskFailed', cause ?? '');
  }

  async sendTaskHeartbeat(taskToken: string): Promise<void> {
    this.environment.registry.find(taskToken).heartbeat();
  }

  /** Test helper: resolves with the execution's description once it has ended. */
  async waitForExecution(
    executionArn: string,
    options: { timeoutMs?: number } = {},
  ): Promise<ExecutionDescription> {
    const record = this.find(executionArn);
    const timeoutMs = options.timeoutMs ?? 5_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timed out'>((resolve) => {
      timer = setTimeout(() => resolve('timed out'), timeoutMs);
    });
    try {
      if ((await Promise.race([record.finished, timedOut])) === 'timed out') {
        throw new Error(`Execution "${record.name}" is still ${record.status} after ${timeoutMs} ms`);
      }
      return describe(record);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops every running execution (closing their tokens and timers), e.g. when the local runtime shuts down. */
  async dispose(): Promise<void> {
    const running = [...this.executions.values()].filter((record) => record.status === 'RUNNING');
    await Promise.all(
      running.map((record) =>
        this.stopExecution(record.executionArn, {
          error: 'LocalEngine.Disposed',
          cause: 'The local engine shut down',
        }),
      ),
    );
  }

  private find(arn: string): ExecutionRecord {
    if (typeof arn !== 'string' || !EXECUTION_ARN.test(arn)) {
      throw new WorkflowServiceError('InvalidArn', `Invalid execution ARN: ${String(arn)}`);
    }
    const record = this.executions.get(arn);
    if (!record) throw new WorkflowServiceError('ExecutionDoesNotExist', `Execution does not exist: ${arn}`);
    return record;
  }
}
