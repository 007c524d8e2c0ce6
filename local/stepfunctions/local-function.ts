import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { handlerInvocations } from '../handler-invocations.ts';
import type { Clock } from './clock.ts';
import type { LocalFunctionRef } from './substitutions.ts';

/** What a local function receives as its Lambda context: the real type, so middy handlers run unchanged. */
export type LambdaLikeContext = Context;

/**
 * A Lambda handler run in process. Declared through a method so that handlers typed with a specific
 * event (`(event: EnterStageEvent, context) => ...`) can be registered without casts.
 */
export type LocalFunction = {
  handler(event: unknown, context: LambdaLikeContext): unknown;
}['handler'];

/** The `lambda:invoke` integration's result, so `ResultSelector` on `$.Payload...` works as on AWS. */
export interface LambdaInvokeResult {
  ExecutedVersion: '$LATEST';
  Payload: unknown;
  StatusCode: 200;
}

export interface FunctionFailure {
  /** The handler error's `name` (Lambda's `errorType`), which Retry/Catch match. */
  error: string;
  /** Lambda's error document as JSON text, as Step Functions puts it in `Cause`. */
  cause: string;
}

function jsonCopy(value: unknown): unknown {
  // Undefined (a handler returning nothing) becomes null, as Lambda serialises it.
  return JSON.parse(JSON.stringify(value ?? null));
}

function lambdaContext(ref: LocalFunctionRef, clock: Clock, timeoutMs: number): LambdaLikeContext {
  const deadline = clock.now().getTime() + timeoutMs;
  const day = clock.now().toISOString().slice(0, 10).replaceAll('-', '/');
  const unsupported = (): never => {
    throw new Error('Callback-style context methods are not supported locally: return a promise instead');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: ref.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: ref.arn,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${ref.functionName}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - clock.now().getTime()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/**
 * Invokes a local function the way the `lambda:invoke` integration does: the event is a JSON copy
 * (the handler cannot reach into the interpreter's data), the result is JSON-copied too.
 */
export async function invokeLocalFunction(
  fn: LocalFunction,
  ref: LocalFunctionRef,
  payload: unknown,
  options: { clock: Clock; timeoutMs: number },
): Promise<LambdaInvokeResult> {
  const context = lambdaContext(ref, options.clock, options.timeoutMs);
  const result = await handlerInvocations.tracePromise(async () => fn(jsonCopy(payload), context), {
    kind: 'task',
    name: ref.functionName,
  });
  return { ExecutedVersion: '$LATEST', Payload: jsonCopy(result), StatusCode: 200 };
}

/** Maps whatever a handler threw to the error name and cause Step Functions reports for it. */
export function functionFailure(thrown: unknown): FunctionFailure {
  const isError = thrown instanceof Error;
  const error = isError && thrown.name ? thrown.name : 'Error';
  const document = {
    errorType: error,
    errorMessage: isError ? thrown.message : String(thrown),
    trace: isError ? (thrown.stack ?? '').split('\n') : [],
  };
  return { error, cause: JSON.stringify(document) };
}
