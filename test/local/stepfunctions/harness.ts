import {
  type LocalFunction,
  LocalWorkflowEngine,
  type LocalWorkflowEngineOptions,
} from '../../../local/stepfunctions/index.ts';

/** A local function that records every event it receives, so a test can await the next one. */
export class Inbox<TEvent = Record<string, unknown>> {
  readonly events: TEvent[] = [];
  private read = 0;
  private waiting: (() => void) | undefined;

  constructor(private readonly reply: (event: TEvent) => unknown = () => ({ ok: true })) {}

  readonly handler: LocalFunction = async (event: TEvent) => {
    this.events.push(event);
    this.waiting?.();
    return this.reply(event);
  };

  /** The next event not yet taken, waiting up to `timeoutMs` for it. */
  async next(timeoutMs = 2_000): Promise<TEvent> {
    const deadline = Date.now() + timeoutMs;
    while (this.read >= this.events.length) {
      if (Date.now() > deadline) throw new Error(`No event arrived within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
        setTimeout(resolve, 20);
      });
    }
    return this.events[this.read++] as TEvent;
  }
}

/** Builds an engine for an inline ASL definition, collecting its log lines. */
export function engineFor(
  definition: object,
  functions: Record<string, LocalFunction>,
  options: Partial<LocalWorkflowEngineOptions> = {},
): { engine: LocalWorkflowEngine; logs: string[] } {
  const logs: string[] = [];
  const engine = new LocalWorkflowEngine({
    definition: JSON.stringify(definition),
    stateMachineName: 'test-machine',
    functions,
    retryDelayScale: 0.001,
    onLog: (line) => logs.push(line),
    ...options,
  });
  return { engine, logs };
}

/** `${Name}`, as the ASL file writes a function ARN to substitute. */
export function substitution(name: string): string {
  return `\${${name}}`;
}

/** A waitForTaskToken task that hands its token to `${Function}` in `taskToken`. */
export function callbackTask(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
    Parameters: {
      FunctionName: substitution('WaitFunctionArn'),
      Payload: { 'taskToken.$': '$$.Task.Token', 'input.$': '$' },
    },
    ...fields,
  };
}

/** A plain `lambda:invoke` task calling the function registered under the substitution `name`. */
export function invokeTask(name: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: substitution(name), 'Payload.$': '$' },
    ...fields,
  };
}

/** A local function whose single invocation the test settles by hand, after awaiting `invoked`. */
export function heldFunction(): { handler: LocalFunction; invoked: Promise<void>; fail(error: Error): void } {
  let markInvoked!: () => void;
  let failIt!: (error: Error) => void;
  const invoked = new Promise<void>((resolve) => {
    markInvoked = resolve;
  });
  const handler: LocalFunction = () =>
    new Promise((_, reject) => {
      failIt = reject;
      markInvoked();
    });
  return { handler, invoked, fail: (error) => invoked.then(() => failIt(error)) };
}
