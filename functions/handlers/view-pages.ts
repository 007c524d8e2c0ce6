import { viewPagesHandler } from '../http/view-pages-handler.ts';
import { dependenciesFromEnv } from '../runtime/dependencies-from-env.ts';

// Lambda entry: configuration is read and checked once, at cold start.
export const handler = viewPagesHandler(dependenciesFromEnv());
