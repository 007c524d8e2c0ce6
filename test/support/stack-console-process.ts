import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { LOCAL_AWS } from '../../local/config.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What an operator's shell has: credentials, a region, and (here) where AWS's endpoints are. */
export interface OperatorShell {
  /** The CloudFormation stand-in, DynamoDB and Step Functions endpoints, as AWS_ENDPOINT_URL_* say. */
  endpoints: { cloudformation: string; dynamodb: string; sfn: string };
}

/** A bare environment: no table, state machine, API or function settings; only the SDK's own variables. */
export function operatorEnvironment(shell: OperatorShell): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    AWS_ACCESS_KEY_ID: LOCAL_AWS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.secretAccessKey,
    AWS_REGION: LOCAL_AWS.region,
    AWS_ENDPOINT_URL_CLOUDFORMATION: shell.endpoints.cloudformation,
    AWS_ENDPOINT_URL_DYNAMODB: shell.endpoints.dynamodb,
    AWS_ENDPOINT_URL_SFN: shell.endpoints.sfn,
  };
}

/** `npm run console -- --stack NAME` in a process of its own; its URL once it listens. */
export class StackConsoleProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly said: () => string,
  ) {}

  /** What it printed so far (its log lines), for a failing test's message. */
  get output(): string {
    return this.said();
  }

  static async start(shell: OperatorShell, args: string[]): Promise<StackConsoleProcess> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'ops-console/console-command.ts', ...args, '--port', '0'],
      { cwd: REPO_ROOT, env: operatorEnvironment(shell), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const found = /(http:\/\/localhost:\d+\/ops)/.exec(output)?.[1];
        if (found) resolve(found);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.once('exit', () => reject(new Error(`The console exited before listening:\n${output}`)));
    });
    return new StackConsoleProcess(child, url, () => output);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

/** The console command that does not get to listen: its exit code and what it said. */
export async function consoleRefusal(
  shell: OperatorShell,
  args: string[],
): Promise<{ code: number; said: string }> {
  return promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'ops-console/console-command.ts', ...args, '--port', '0'],
    { cwd: REPO_ROOT, env: operatorEnvironment(shell) },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, said: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      said: error.stdout + error.stderr,
    }),
  );
}

/** `npm run onboarding -- … --stack NAME` as an operator runs it; its exit code and output. */
export async function stackCli(
  shell: OperatorShell,
  args: string[],
): Promise<{ code: number; said: string }> {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', 'local/onboarding-cli.ts', ...args], {
    cwd: REPO_ROOT,
    env: operatorEnvironment(shell),
  }).then(
    ({ stdout, stderr }) => ({ code: 0, said: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      said: error.stdout + error.stderr,
    }),
  );
}
