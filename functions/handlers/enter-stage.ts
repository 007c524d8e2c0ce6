import { dependenciesFromEnv } from '../runtime/dependencies-from-env.ts';
import { enterStageHandler } from '../tasks/enter-stage-handler.ts';

// Lambda entry: configuration is read and checked once, at cold start.
export const handler = enterStageHandler(dependenciesFromEnv());
