import middy from '@middy/core';
import type { Dependencies } from '../domain/dependencies.ts';
import {
  type RemindInput,
  type RemindResult,
  remindInput,
  remindOrEscalate,
} from '../domain/remind-or-escalate.ts';
import { withLogContext } from '../observability/log-context.ts';
import { taskInput } from './task-input.ts';
import { taskLogKeys } from './task-log-context.ts';

export function remindOrEscalateHandler(deps: Dependencies) {
  return withLogContext(
    taskLogKeys('remind-or-escalate'),
    middy<RemindInput, RemindResult>()
      .use(taskInput(remindInput))
      .handler((event) => remindOrEscalate(deps, event)),
  );
}
