import { emailEventsHandler } from '../events/email-events-handler.ts';
import { dependenciesFromEnv } from '../runtime/dependencies-from-env.ts';

// Lambda entry: configuration is read and checked once, at cold start.
export const handler = emailEventsHandler(dependenciesFromEnv());
