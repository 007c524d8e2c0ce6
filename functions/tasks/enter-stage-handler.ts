import middy from '@middy/core';
import type { Dependencies } from '../domain/dependencies.ts';
import { type EnterStageResult, enterStage } from '../domain/enter-stage.ts';
import type { EnterStageInput } from '../domain/enter-stage-input.ts';
import { withLogContext } from '../observability/log-context.ts';
import { taskInput } from './task-input.ts';
import { taskLogKeys } from './task-log-context.ts';

/** waitForTaskToken task: the result is ignored by Step Functions; the decision arrives by callback. */
export function enterStageHandler(deps: Dependencies) {
  return withLogContext(
    taskLogKeys('enter-stage'),
    middy<EnterStageInput, { result: EnterStageResult }>()
      .use(taskInput(async () => (await import('../domain/enter-stage-input.ts')).enterStageInput))
      .handler(async (event) => ({ result: await enterStage(deps, event) })),
  );
}
