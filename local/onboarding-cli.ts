import { exitCodeOf, type LocalRuntimeTarget, main } from '../functions/cli/onboarding.ts';
import { localClientEnvironment } from './client-environment.ts';
import { fetchRuntimeWaits } from './runtime-settings.ts';

/** What `--local` reaches: the running `npm start` on this machine (same PORT/… variables). */
export const localRuntimeTarget: LocalRuntimeTarget = {
  environment: (env) => localClientEnvironment(env),
  runtimeWaits: (env) => fetchRuntimeWaits(env),
};

/** The ops CLI as `npm run onboarding` runs it (for tests that call it in-process). */
export function onboardingCli(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  out: (line: string) => void = console.log,
): Promise<number> {
  return main(argv, env, out, localRuntimeTarget);
}

// `npm run onboarding`: the ops CLI, with `--local` wired to this machine's runtime.
if (import.meta.url === `file://${process.argv[1]}`) {
  onboardingCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = exitCodeOf(error);
    },
  );
}
