import { dependenciesFromEnv } from '../runtime/dependencies-from-env.ts';
import { recordProductOutcomeHandler } from '../tasks/record-product-outcome-handler.ts';

// Lambda entry: configuration is read and checked once, at cold start.
export const handler = recordProductOutcomeHandler(dependenciesFromEnv());
