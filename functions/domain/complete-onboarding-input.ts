import * as z from 'zod';

// Apart from the task's logic, so a function imports it only through its handler's dynamic
// import (see task-input.ts): zod is then evaluated on the first task, not at cold start.
/** The payload the state machine sends to complete an onboarding. */
export const completeOnboardingInput = z.lazy(() => z.object({ onboardingId: z.string().min(1).max(100) }));
export type CompleteOnboardingInput = z.infer<typeof completeOnboardingInput>;
