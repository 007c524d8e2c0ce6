import { loadConfig } from '../../functions/config.ts';

/** Environment a deployed function would get, with test addresses; overrides per test. */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    TABLE_NAME: 'onboarding-test',
    PUBLIC_BASE_URL: 'https://onboarding.test.example',
    MAIL_FROM: 'onboarding@marketplace.example',
    MAIL_REPLY_TO: 'marketplace@marketplace.example',
    SES_CONFIGURATION_SET: 'onboarding-test',
    OPS_EMAIL: 'ops@marketplace.example',
    PLATFORM_ENABLEMENT_EMAIL: 'platform@marketplace.example',
    BILLING_EMAIL: 'billing@marketplace.example',
    MARKETPLACE_TEAM_EMAIL: 'marketplace-team@marketplace.example',
    STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:marketplace-onboarding',
    PROVIDER_WAIT_SECONDS: '3600',
    TEAM_WAIT_SECONDS: '3600',
    MAX_REMINDERS: '2',
    ...overrides,
  };
}

export function testConfig(overrides: Record<string, string> = {}) {
  return loadConfig(testEnv(overrides));
}
