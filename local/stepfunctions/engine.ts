import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { executionEnvironment, type LocalWorkflowEngineOptions } from './engine-environment.ts';
import { describe, type ExecutionRecord } from './execution-record.ts';

export type { LocalWorkflowEngineOptions } from './engine-environment.ts';

import { type ExecutionEnvironment, launchExecution } from './execution-runner.ts';
import { ExecutionStore } from './execution-store.ts';
import type {
  ExecutionDescription,
  ExecutionHistoryPage,
  ExecutionListItem,
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
import { checkResourceName, executionArn, stateMachineArn } from './names.ts';
import { decodePageToken, encodePageToken, pageSize } from './pagination.ts';
import { WorkflowServiceError } from './service-error.ts';

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
  private readonly store: ExecutionStore;
  private readonly ready = loadInterpreterErrors();
  private readonly scope: { region: string; accountId: string };

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

    this.environment = executionEnvironment(options, this.scope, scale);
    this.store = new ExecutionStore(
      (name) => executionArn(this.scope, this.stateMachineName, name),
      this.stateMachineArn,
      {
        dir:
          options.dataDir === undefined
            ? undefined
            : join(options.dataDir, 'stepfunctions', options.stateMachineName),
        log: this.environment.log,
      },
    );
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
    if (this.store.has(arn)) {
      // AWS: the same name and input while it runs is an idempotent retry of the same start.
      // (An execution that has ended, before a restart too, is never running: its name is taken.)
      const existing = this.store.live(arn);
      if (existing?.status === 'RUNNING' && existing.input === input) {
        return { executionArn: arn, startDate: existing.startDate };
      }
      throw new WorkflowServiceError('ExecutionAlreadyExists', `Execution already exists: ${name}`);
    }
    const record: ExecutionRecord = {
      seq: this.store.takeSeq(),
      executionArn: arn,
      stateMachineArn: this.stateMachineArn,
      name,
      input,
      status: 'RUNNING',
      startDate: this.environment.clock.now(),
      history: new ExecutionHistory(this.environment.clock, this.store.onEvent(name)),
      abort: () => {},
      finished: Promise.resolve(),
    };
    this.store.add(record);
    this.environment.log(`execution "${name}" started`);
    launchExecution(record, inputValue, this.environment);
    this.store.track(record);
    return { executionArn: arn, startDate: record.startDate };
  }

  async describeExecution(executionArn: string): Promise<ExecutionDescription> {
    const description = await this.store.describe(this.checkArn(executionArn));
    if (!description) throw notFound(executionArn);
    return description;
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
    const matching = this.store.list(before, request.statusFilter);
    const page = matching.slice(0, limit);
    const last = page.at(-1);
    return {
      executions: page.map(({ item }) => item),
      ...(matching.length > limit && last ? { nextToken: encodePageToken(last.seq) } : {}),
    };
  }

  async stopExecution(
    executionArn: string,
    request: StopExecutionRequest = {},
  ): Promise<StopExecutionResult> {
    const record = this.store.live(this.checkArn(executionArn));
    if (record?.status === 'RUNNING') {
      record.stopRequest = { ...request };
      record.abort();
      await record.finished;
    }
    // Ended (and maybe no longer in memory): AWS answers with when it stopped.
    const stopDate = record?.stopDate ?? (await this.describeExecution(executionArn)).stopDate;
    return { stopDate: stopDate ?? this.environment.clock.now() };
  }

  async getExecutionHistory(
    executionArn: string,
    request: GetExecutionHistoryRequest = {},
  ): Promise<ExecutionHistoryPage> {
    const events = await this.store.history(this.checkArn(executionArn));
    if (!events) throw notFound(executionArn);
    return historyPage(events, request);
  }

  /** Never redrives (see DescribeExecution's `redriveStatusReason`): answers as AWS does for an execution it cannot redrive. */
  async redriveExecution(executionArn: string): Promise<never> {
    const { redriveStatusReason } = await this.describeExecution(executionArn);
    throw new WorkflowServiceError(
      'ExecutionNotRedrivable',
      `Execution cannot be redriven: ${redriveStatusReason}`,
    );
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
    const record = this.store.live(this.checkArn(executionArn));
    if (!record) return this.describeExecution(executionArn);
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

  /**
   * Executions that were running when the engine last stopped (Ctrl-C or kill -9), found at load and
   * now ABORTED with error `Local.RuntimeStopped`; empty without a data folder. For the recovery code,
   * which resumes their work in new executions and names them with `noteResumedBy`.
   */
  interruptedExecutions(): ExecutionListItem[] {
    return this.store.interruptedExecutions();
  }

  /**
   * Names the execution that resumed an interrupted one: its DescribeExecution cause becomes "The local
   * runtime stopped while this execution ran. Resumed as <name>." (its history keeps the original
   * ExecutionAborted event). Refused for an execution that was not interrupted.
   */
  async noteResumedBy(executionArn: string, resumedByExecutionName: string): Promise<void> {
    checkResourceName('execution', resumedByExecutionName);
    if (!this.store.has(this.checkArn(executionArn))) throw notFound(executionArn);
    if (!(await this.store.noteResumedBy(executionArn, resumedByExecutionName))) {
      throw new WorkflowServiceError(
        'ValidationException',
        `Execution was not interrupted by a stop of the local runtime: ${executionArn}`,
      );
    }
  }

  /** Resolves once everything recorded so far is in the data folder (a no-op without one). */
  flush(): Promise<void> {
    return this.store.flush();
  }

  /** How many executions are held whole in memory, histories included, and how many only as summaries. */
  executionFootprint(): { whole: number; summaries: number } {
    return this.store.footprint();
  }

  /**
   * Stops every running execution (closing their tokens and timers), e.g. when the local runtime shuts
   * down. With a data folder, what happened so far is written first and their end is not: they stay
   * RUNNING in the files, and the next engine shows them ABORTED as interrupted (as after a kill -9).
   */
  async dispose(): Promise<void> {
    if (this.store.persistent) await this.store.close();
    await Promise.all(
      this.store.running().map((record) =>
        this.stopExecution(record.executionArn, {
          error: 'LocalEngine.Disposed',
          cause: 'The local engine shut down',
        }),
      ),
    );
  }

  private checkArn(arn: string): string {
    if (typeof arn !== 'string' || !EXECUTION_ARN.test(arn)) {
      throw new WorkflowServiceError('InvalidArn', `Invalid execution ARN: ${String(arn)}`);
    }
    return arn;
  }
}

function notFound(arn: string): WorkflowServiceError {
  return new WorkflowServiceError('ExecutionDoesNotExist', `Execution does not exist: ${arn}`);
}
