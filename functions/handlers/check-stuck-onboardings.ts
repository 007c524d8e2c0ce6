import { ConfigurationError } from '../config.ts';
import { stuckCheckSettings } from '../domain/check-stuck-onboardings.ts';
import { dependenciesFromEnv } from '../runtime/dependencies-from-env.ts';
import { checkStuckOnboardingsHandler } from '../tasks/check-stuck-onboardings-handler.ts';

// Lambda entry: configuration is read and checked once, at cold start.
const settings = stuckCheckSettings.safeParse(process.env);
if (!settings.success) {
  throw new ConfigurationError(
    'Invalid configuration — STUCK_AFTER_DAYS must be a whole number from 1 to 365',
  );
}
export const handler = checkStuckOnboardingsHandler({
  ...dependenciesFromEnv(),
  stuckAfterDays: settings.data.STUCK_AFTER_DAYS,
});
