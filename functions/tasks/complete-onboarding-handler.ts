import middy from '@middy/core';
import { completeOnboarding } from '../domain/complete-onboarding.ts';
import type { CompleteOnboardingInput } from '../domain/complete-onboarding-input.ts';
import type { Dependencies } from '../domain/dependencies.ts';
import { withLogContext } from '../observability/log-context.ts';
import { taskInput } from './task-input.ts';
import { taskLogKeys } from './task-log-context.ts';

export function completeOnboardingHandler(deps: Dependencies) {
  return withLogContext(
    taskLogKeys('complete-onboarding', 'completed'),
    middy<CompleteOnboardingInput, { completed: true }>()
      .use(
        taskInput(
          async () => (await import('../domain/complete-onboarding-input.ts')).completeOnboardingInput,
        ),
      )
      .handler(async (event) => {
        await completeOnboarding(deps, event);
        return { completed: true };
      }),
  );
}
