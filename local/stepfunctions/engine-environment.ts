import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import { parseDefinition, prepareDefinition } from './definition.ts';
import type { ExecutionEnvironment } from './execution-runner.ts';
import type { LocalFunction } from './local-function.ts';
import type { AccountScope } from './names.ts';
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
  /**
   * Keeps execution records and histories in `<dataDir>/stepfunctions/<stateMachineName>/`, so they
   * answer after a restart; ended executions then leave memory but for a summary. In memory only when
   * omitted (unit tests).
   */
  dataDir?: string;
}

/** What every execution of the engine shares: the prepared definition, the functions, the token registry. */
export function executionEnvironment(
  options: LocalWorkflowEngineOptions,
  scope: AccountScope,
  retryDelayScale: number,
): ExecutionEnvironment {
  const refs = new Map<string, LocalFunctionRef>();
  const functions = new Map<string, RegisteredFunction>();
  for (const [substitution, fn] of Object.entries(options.functions)) {
    const ref = functionRefFor(scope, substitution);
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
    retryDelayScale,
  );
  const onLog = options.onLog;
  return {
    ...prepared,
    functions,
    registry: new TaskRegistry(options.closedTokenMemory),
    clock: options.clock ?? systemClock,
    region: scope.region,
    stateMachineName: options.stateMachineName,
    roleArn: `arn:aws:iam::${scope.accountId}:role/${options.stateMachineName}-local`,
    lambdaTimeoutMs: options.lambdaTimeoutMs ?? 60_000,
    // Redacted again as a safety net (an error message may quote a payload); a failing sink is ignored.
    log: (line) => {
      try {
        onLog?.(redactText(line));
      } catch {}
    },
  };
}
