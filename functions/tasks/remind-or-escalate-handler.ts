import middy from '@middy/core';
import type { Dependencies } from '../domain/dependencies.ts';
import { type RemindResult, remindOrEscalate } from '../domain/remind-or-escalate.ts';
import type { RemindInput } from '../domain/remind-or-escalate-input.ts';
import { withLogContext } from '../observability/log-context.ts';
import { taskInput } from './task-input.ts';
import { taskLogKeys } from './task-log-context.ts';

export function remindOrEscalateHandler(deps: Dependencies) {
  return withLogContext(
    taskLogKeys('remind-or-escalate'),
    middy<RemindInput, RemindResult>()
      .use(taskInput(async () => (await import('../domain/remind-or-escalate-input.ts')).remindInput))
      .handler((event) => remindOrEscalate(deps, event)),
  );
}
