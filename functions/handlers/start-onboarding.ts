import { startOnboardingHandler } from '../http/start-onboarding-handler.ts';
import { starterDependenciesFromEnv } from '../runtime/dependencies-from-env.ts';

// Lambda entry: configuration is read and checked once, at cold start.
export const handler = startOnboardingHandler(starterDependenciesFromEnv());
