import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { RuntimeProcess } from './runtime-process.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The ops CLI (`npm run onboarding -- … --local`) as ops runs it, in a process of its own; its stdout. */
export async function runOnboardingCli(runtime: RuntimeProcess, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'functions/cli/onboarding.ts', ...args, '--local'],
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
