import { dependenciesFromEnv } from '../runtime/dependencies-from-env.ts';
import { remindOrEscalateHandler } from '../tasks/remind-or-escalate-handler.ts';

// Lambda entry: configuration is read and checked once, at cold start.
export const handler = remindOrEscalateHandler(dependenciesFromEnv());
