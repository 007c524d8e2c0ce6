import middy from '@middy/core';
import type { Dependencies } from '../domain/dependencies.ts';
import {
  type ProductOutcomeInput,
  productOutcomeInput,
  recordProductOutcome,
} from '../domain/record-product-outcome.ts';
import { taskInput } from './task-input.ts';

export function recordProductOutcomeHandler(deps: Dependencies) {
  return middy<ProductOutcomeInput, { recorded: true }>()
    .use(taskInput(productOutcomeInput))
    .handler(async (event) => {
      await recordProductOutcome(deps, event);
      return { recorded: true };
    });
}
