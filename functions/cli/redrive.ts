import type { StarterDependencies } from '../domain/dependencies.ts';
import { redriveOnboarding, type WorkflowExecutions } from '../domain/redrive-onboarding.ts';

/**
 * `npm run onboarding -- redrive ID`: redrives the onboarding's latest execution when Step Functions
 * can, else resumes the onboarding at its recorded stage, and says which it did and why.
 */
export async function redriveCommand(
  deps: StarterDependencies & { executions: WorkflowExecutions },
  onboardingId: string,
  out: (line: string) => void,
): Promise<number> {
  const outcome = await redriveOnboarding(deps, { onboardingId });
  const lines =
    outcome.method === 'redrive'
      ? [`Onboarding redriven (RedriveExecution): ${outcome.why}.`]
      : [`Onboarding resumed at ${outcome.startAt} instead of redriven: ${outcome.why}.`];
  lines.push(`  execution: ${outcome.executionName}`, `  arn:       ${outcome.executionArn}`);
  out(lines.join('\n'));
  return 0;
}
