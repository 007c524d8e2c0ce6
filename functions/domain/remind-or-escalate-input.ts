import * as z from 'zod';
import { STAGE_KEYS } from '../checklist/stages.ts';

// Apart from the task's logic, so a function imports it only through its handler's dynamic
// import (see task-input.ts): zod is then evaluated on the first task, not at cold start.
/** The payload the state machine sends when a wait times out: remind, or escalate. */
export const remindInput = z.lazy(() =>
  z.object({
    onboardingId: z.string().min(1).max(100),
    stage: z.enum(STAGE_KEYS),
    product: z.string().min(1).max(100).optional(),
    /** For product revisions: the stage that sent the product back (both branches may revise at once). */
    after: z.enum(STAGE_KEYS).optional(),
  }),
);
export type RemindInput = z.infer<typeof remindInput>;
