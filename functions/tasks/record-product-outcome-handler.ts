import middy from '@middy/core';
import type { Dependencies } from '../domain/dependencies.ts';
import {
  type ProductOutcomeInput,
  productOutcomeInput,
  recordProductOutcome,
} from '../domain/record-product-outcome.ts';
import { withLogContext } from '../observability/log-context.ts';
import { taskInput } from './task-input.ts';
import { taskLogKeys } from './task-log-context.ts';

export function recordProductOutcomeHandler(deps: Dependencies) {
  return withLogContext(
    taskLogKeys('record-product-outcome', 'published'),
    middy<ProductOutcomeInput, { recorded: true }>()
      .use(taskInput(productOutcomeInput))
      .handler(async (event) => {
        await recordProductOutcome(deps, event);
        return { recorded: true };
      }),
  );
}
