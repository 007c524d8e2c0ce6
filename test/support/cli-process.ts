import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { LOCAL_AWS } from '../../local/config.ts';
import type { RuntimeProcess } from './runtime-process.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The ops CLI (`npm run onboarding -- … --local`) as ops runs it, in a process of its own; its stdout. */
export async function runOnboardingCli(runtime: RuntimeProcess, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'local/onboarding-cli.ts', ...args, '--local'],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PORT: String(runtime.ports.api),
        SFN_PORT: String(runtime.ports.sfn),
        DYNAMODB_PORT: String(runtime.ports.dynamodb),
        SES_PORT: String(runtime.ports.ses),
      },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return stdout;
}

/**
 * The ops CLI as ops run it against AWS: no --local, only the API's URL (`--api`) and AWS credentials
 * and region in a bare environment (no table, state machine or function settings), here the local
 * runtime's API and its fixed credentials. Its stdout.
 */
export async function runOnboardingCliOnApi(runtime: RuntimeProcess, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'local/onboarding-cli.ts', ...args, '--api', runtime.apiUrl],
    {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_ACCESS_KEY_ID: LOCAL_AWS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_AWS.secretAccessKey,
        AWS_REGION: LOCAL_AWS.region,
      },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return stdout;
}
