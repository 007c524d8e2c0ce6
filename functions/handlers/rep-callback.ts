import { repCallbackHandler } from '../http/rep-callback-handler.ts';
import { dependenciesFromEnv } from '../runtime/dependencies-from-env.ts';

// Lambda entry: configuration is read and checked once, at cold start.
export const handler = repCallbackHandler(dependenciesFromEnv());
