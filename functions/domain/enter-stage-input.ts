import * as z from 'zod';
import { STAGE_KEYS } from '../checklist/stages.ts';

// Apart from the task's logic, so a function imports it only through its handler's dynamic
// import (see task-input.ts): zod is then evaluated on the first task, not at cold start.
/** The payload the ASL's waitForTaskToken tasks send (see statemachine/onboarding.asl.json). */
export const enterStageInput = z.lazy(() =>
  z.object({
    taskToken: z.string().min(1),
    onboardingId: z.string().min(1).max(100),
    stage: z.enum(STAGE_KEYS),
    product: z.string().min(1).max(100).optional(),
    after: z.enum(STAGE_KEYS).optional(),
    timeoutSeconds: z.number().int().min(1),
    /**
     * The previous step's output: `reentryOf` names the wait a reminder re-enters; a resumed execution's
     * first entries name the recorded waits to adopt (`resumeWaits`, see resume-position.ts).
     */
    step: z
      .object({
        reentryOf: z.string().optional(),
        resumeWaits: z
          .array(z.object({ waitKey: z.string().min(1), after: z.enum(STAGE_KEYS).optional() }))
          .optional(),
      })
      .loose()
      .default({}),
  }),
);
export type EnterStageInput = z.infer<typeof enterStageInput>;
