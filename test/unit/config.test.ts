import { describe, expect, it } from 'vitest';
import { SEED_RESOURCES } from '../../functions/checklist/resources.ts';
import { ConfigurationError, loadConfig } from '../../functions/config.ts';
import { testEnv } from '../support/test-config.ts';

/**
 * The configuration check every function runs at cold start (plain code, no schema): a good
 * environment reads with its defaults; a bad one fails naming every variable that is wrong.
 */
describe('loadConfig', () => {
  it('reads a good environment, with the defaults for what is not set', () => {
    const config = loadConfig(
      testEnv({ PUBLIC_BASE_URL: 'https://example.com//', STAFF_DOMAINS: ' A.example, b.example ' }),
    );

    expect(config.publicBaseUrl).toBe('https://example.com');
    expect(config.staffDomains).toEqual(['a.example', 'b.example']);
    expect(config.linkTtlSeconds).toBe(30 * 24 * 3600);
    expect(config.maxReminders).toBe(2);
    expect(config.resources.listingUrlTemplate).toBe(SEED_RESOURCES.listingUrlTemplate);
  });

  it('reads per-stage due times and whole numbers of seconds', () => {
    const config = loadConfig(
      testEnv({ STAGE_DUE_SECONDS: 'product-content=1814400', LINK_TTL_SECONDS: '60', MAX_REMINDERS: '0' }),
    );

    expect(config.waits.stageDueSeconds).toEqual({ 'product-content': 1814400 });
    expect(config.linkTtlSeconds).toBe(60);
    expect(config.maxReminders).toBe(0);
  });

  it.each([
    [{ TABLE_NAME: undefined }, 'TABLE_NAME: is required'],
    [{ TABLE_NAME: '' }, 'TABLE_NAME: must not be empty'],
    [{ OPS_EMAIL: 'ops at example' }, 'OPS_EMAIL: must be one email address'],
    [{ MAIL_REPLY_TO: 'Ops <ops@example.com>' }, 'MAIL_REPLY_TO: must be one email address'],
    [{ PUBLIC_BASE_URL: 'not a url' }, 'PUBLIC_BASE_URL: must be a URL'],
    [{ LINK_TTL_SECONDS: '1.5' }, 'LINK_TTL_SECONDS: must be a whole number from 1 to 31536000'],
    [{ MAX_REMINDERS: '21' }, 'MAX_REMINDERS: must be a whole number from 0 to 20'],
    [{ STAFF_DOMAINS: 'marketplace' }, 'STAFF_DOMAINS: "marketplace" is not a domain'],
    [{ STATE_MACHINE_ARN: 'machine' }, 'STATE_MACHINE_ARN: must start with arn:'],
    [{ STAGE_DUE_SECONDS: 'nowhere=5' }, 'STAGE_DUE_SECONDS: "nowhere=5" is not a stage'],
    [
      { LISTING_URL_TEMPLATE: 'https://example.com/' },
      'LISTING_URL_TEMPLATE: must start with https:// and contain {product}',
    ],
  ])('fails at load naming the variable: %o', (change, message) => {
    const env: Record<string, string | undefined> = { ...testEnv(), ...change };

    expect(() => loadConfig(env)).toThrow(ConfigurationError);
    expect(() => loadConfig(env)).toThrow(`Invalid configuration — ${message}`);
  });

  it('names every wrong variable at once', () => {
    const env: Record<string, string | undefined> = {
      ...testEnv(),
      TABLE_NAME: undefined,
      BILLING_EMAIL: 'x',
    };

    expect(() => loadConfig(env)).toThrow(
      /TABLE_NAME: is required; BILLING_EMAIL: must be one email address/,
    );
  });
});
