import type { MiddlewareObj } from '@middy/core';
import type { z } from 'zod';

/** A state machine sent a payload this function does not understand: a bug, not worth retrying. */
export class InvalidTaskInputError extends Error {
  override name = 'InvalidTaskInput';
}

/**
 * Validates a task's payload with zod before the handler runs; the handler receives the parsed value.
 * The schema comes from `load`, a dynamic import of its module: the bundle evaluates that module,
 * and zod with it, on the first task rather than at cold start (zod alone costs several ms).
 */
export function taskInput(load: () => Promise<z.ZodType>): MiddlewareObj<unknown> {
  return {
    before: async (request) => {
      const parsed = (await load()).safeParse(request.event);
      if (!parsed.success) {
        const problems = parsed.error.issues.map(
          (issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`,
        );
        throw new InvalidTaskInputError(`Invalid task input — ${problems.join('; ')}`);
      }
      request.event = parsed.data;
    },
  };
}
