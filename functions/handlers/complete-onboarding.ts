import { dependenciesFromEnv } from '../runtime/dependencies-from-env.ts';
import { completeOnboardingHandler } from '../tasks/complete-onboarding-handler.ts';

// Lambda entry: configuration is read and checked once, at cold start.
export const handler = completeOnboardingHandler(dependenciesFromEnv());
