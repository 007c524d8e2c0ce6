import middy from '@middy/core';
import type { Dependencies } from '../domain/dependencies.ts';
import { recordProductOutcome } from '../domain/record-product-outcome.ts';
import type { ProductOutcomeInput } from '../domain/record-product-outcome-input.ts';
import { withLogContext } from '../observability/log-context.ts';
import { taskInput } from './task-input.ts';
import { taskLogKeys } from './task-log-context.ts';

export function recordProductOutcomeHandler(deps: Dependencies) {
  return withLogContext(
    taskLogKeys('record-product-outcome', 'published'),
    middy<ProductOutcomeInput, { recorded: true }>()
      .use(
        taskInput(
          async () => (await import('../domain/record-product-outcome-input.ts')).productOutcomeInput,
        ),
      )
      .handler(async (event) => {
        await recordProductOutcome(deps, event);
        return { recorded: true };
      }),
  );
}
