import type { MiddlewareObj } from '@middy/core';
import type { z } from 'zod';

/** A state machine sent a payload this function does not understand: a bug, not worth retrying. */
export class InvalidTaskInputError extends Error {
  override name = 'InvalidTaskInput';
}

/** Validates a task's payload with zod before the handler runs; the handler receives the parsed value. */
export function taskInput<S extends z.ZodType>(schema: S): MiddlewareObj<unknown> {
  return {
    before: (request) => {
      const parsed = schema.safeParse(request.event);
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
