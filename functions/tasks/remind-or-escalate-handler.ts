import middy from '@middy/core';
import type { Dependencies } from '../domain/dependencies.ts';
import {
  type RemindInput,
  type RemindResult,
  remindInput,
  remindOrEscalate,
} from '../domain/remind-or-escalate.ts';
import { taskInput } from './task-input.ts';

export function remindOrEscalateHandler(deps: Dependencies) {
  return middy<RemindInput, RemindResult>()
    .use(taskInput(remindInput))
    .handler((event) => remindOrEscalate(deps, event));
}
