import { SEED_RESOURCES } from './checklist/resources.ts';
import { EMAIL_PATTERN } from './email-pattern.ts';
import { readStageDueSetting } from './stage-due-setting.ts';

/**
 * Configuration from the environment, checked once at module load so a misconfigured function fails
 * at cold start with a message naming the variable, not halfway through an onboarding. The check is
 * plain code rather than a schema: it runs in every cold start, and building and compiling a schema
 * of thirty fields cost more than the rest of a function's own start.
 */
const MAX_SECONDS = 31_536_000;
/** One address, no display name: the check `z.email()` makes (zod's own pattern, no schema built). */
const EMAIL = EMAIL_PATTERN;
const DOMAIN = /^[a-z0-9.-]+\.[a-z]{2,}$/;

/** Reads the variables one by one, collecting every problem (named by variable) before failing. */
function reader(env: Record<string, string | undefined>) {
  const problems: string[] = [];
  const fail = (name: string, problem: string) => {
    problems.push(`${name}: ${problem}`);
    return undefined;
  };
  const text = (name: string, fallback?: string): string | undefined => {
    const value = env[name] ?? fallback;
    if (value === undefined) return undefined;
    return value.length > 0 ? value : fail(name, 'must not be empty');
  };
  const required = (name: string): string | undefined =>
    env[name] === undefined ? fail(name, 'is required') : text(name);
  const email = (name: string, optional = false): string | undefined => {
    const value = optional ? env[name] : required(name);
    if (value === undefined) return undefined;
    return EMAIL.test(value) ? value : fail(name, 'must be one email address, like name@example.com');
  };
  const url = (name: string, fallback?: string): string | undefined => {
    const value = env[name] ?? fallback;
    if (value === undefined) return fail(name, 'is required');
    return URL.canParse(value) ? value : fail(name, 'must be a URL, like https://example.com');
  };
  const seconds = (name: string, fallback: number, min = 1, max = MAX_SECONDS): number => {
    const value = env[name];
    if (value === undefined) return fallback;
    const amount = Number(value);
    if (value.trim() === '' || !Number.isInteger(amount) || amount < min || amount > max)
      fail(name, `must be a whole number from ${min} to ${max}`);
    return amount;
  };
  return { problems, fail, text, required, email, url, seconds };
}

function readEnvironment(env: Record<string, string | undefined>) {
  const r = reader(env);
  const staffDomains = env.STAFF_DOMAINS?.split(',')
    .map((domain) => domain.trim().toLowerCase())
    .filter(Boolean);
  const badDomain = staffDomains?.find((domain) => !DOMAIN.test(domain));
  if (badDomain !== undefined)
    r.fail('STAFF_DOMAINS', `"${badDomain}" is not a domain like marketplace.example`);
  const stateMachineArn = env.STATE_MACHINE_ARN;
  if (stateMachineArn !== undefined && !stateMachineArn.startsWith('arn:'))
    r.fail('STATE_MACHINE_ARN', 'must start with arn:');
  const dueSetting =
    env.STAGE_DUE_SECONDS === undefined ? undefined : readStageDueSetting(env.STAGE_DUE_SECONDS);
  if (dueSetting && 'problem' in dueSetting) r.fail('STAGE_DUE_SECONDS', dueSetting.problem);
  const listingUrlTemplate = r.text('LISTING_URL_TEMPLATE', SEED_RESOURCES.listingUrlTemplate);
  if (
    listingUrlTemplate &&
    !(listingUrlTemplate.startsWith('https://') && listingUrlTemplate.includes('{product}'))
  )
    r.fail('LISTING_URL_TEMPLATE', 'must start with https:// and contain {product}');
  const e = {
    TABLE_NAME: r.required('TABLE_NAME'),
    PUBLIC_BASE_URL: r.url('PUBLIC_BASE_URL')?.replace(/\/+$/, ''),
    MAIL_FROM: r.email('MAIL_FROM'),
    MAIL_REPLY_TO: r.email('MAIL_REPLY_TO', true),
    SES_CONFIGURATION_SET: r.text('SES_CONFIGURATION_SET'),
    OPS_EMAIL: r.email('OPS_EMAIL'),
    PLATFORM_ENABLEMENT_EMAIL: r.email('PLATFORM_ENABLEMENT_EMAIL'),
    BILLING_EMAIL: r.email('BILLING_EMAIL'),
    MARKETPLACE_TEAM_EMAIL: r.email('MARKETPLACE_TEAM_EMAIL'),
    /**
     * The marketplace's own domains, comma-separated (`marketplace.example,partners.example`): only their
     * addresses may hold staff steps or be a rep, and none of them may be a provider contact or team
     * member. Defaults to the domains of the four team mailboxes.
     */
    STAFF_DOMAINS: staffDomains,
    STATE_MACHINE_ARN: stateMachineArn,
    /** How long an emailed link works; reminders send fresh ones. Seconds, so tests and demos can use short ones. */
    LINK_TTL_SECONDS: r.seconds('LINK_TTL_SECONDS', 30 * 24 * 3600),
    PROVIDER_WAIT_SECONDS: r.seconds('PROVIDER_WAIT_SECONDS', 7 * 24 * 3600),
    TEAM_WAIT_SECONDS: r.seconds('TEAM_WAIT_SECONDS', 3 * 24 * 3600),
    /** Per-stage due times replacing the computed ones (see `domain/stage-due-times.ts`). */
    STAGE_DUE_SECONDS: dueSetting && 'dues' in dueSetting ? dueSetting.dues : undefined,
    MAX_REMINDERS: r.seconds('MAX_REMINDERS', 3, 0, 20),
    AGREEMENT_VERSION: r.text('AGREEMENT_VERSION', SEED_RESOURCES.agreementVersion),
    /** The agreement's full text (Lambda environments hold 4 KB in all: a longer MPA replaces the default in code). */
    AGREEMENT_TEXT: r.text('AGREEMENT_TEXT', SEED_RESOURCES.agreementText),
    FREE_ACCOUNT_URL: r.url('FREE_ACCOUNT_URL', SEED_RESOURCES.freeAccountUrl),
    ALIAS_HELP_URL: r.url('ALIAS_HELP_URL', SEED_RESOURCES.aliasHelpUrl),
    PROVIDER_PORTAL_URL: r.url('PROVIDER_PORTAL_URL', SEED_RESOURCES.providerPortalUrl),
    STAGING_PORTAL_URL: r.url('STAGING_PORTAL_URL', SEED_RESOURCES.stagingPortalUrl),
    GETTING_STARTED_GUIDE_URL: r.url('GETTING_STARTED_GUIDE_URL', SEED_RESOURCES.gettingStartedGuideUrl),
    AGREEMENT_GUIDANCE_URL: r.url('AGREEMENT_GUIDANCE_URL', SEED_RESOURCES.agreementGuidanceUrl),
    CONTACT_EMAIL: r.email('CONTACT_EMAIL', true),
    MARKETPLACE_NAME: r.text('MARKETPLACE_NAME', SEED_RESOURCES.marketplaceName),
    /** A published product's listing; `{product}` stands for its name. */
    LISTING_URL_TEMPLATE: listingUrlTemplate,
  };
  return { problems: r.problems, e };
}

/** Every value is there once the check found no problem (the reader returns undefined only with one). */
type Checked<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };
type Optional =
  | 'MAIL_REPLY_TO'
  | 'SES_CONFIGURATION_SET'
  | 'STAFF_DOMAINS'
  | 'STATE_MACHINE_ARN'
  | 'STAGE_DUE_SECONDS'
  | 'CONTACT_EMAIL';
type Environment = ReturnType<typeof readEnvironment>['e'];
type CheckedEnvironment = Checked<Omit<Environment, Optional>> & Pick<Environment, Optional>;

export type AppConfig = ReturnType<typeof loadConfig>;

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const { problems, e: read } = readEnvironment(env);
  if (problems.length > 0) throw new ConfigurationError(`Invalid configuration — ${problems.join('; ')}`);
  const e = read as CheckedEnvironment;
  // Set one or the other (or both, the same): otherwise people are shown one address and replies go to another.
  if (e.CONTACT_EMAIL && e.MAIL_REPLY_TO && e.CONTACT_EMAIL.toLowerCase() !== e.MAIL_REPLY_TO.toLowerCase()) {
    throw new ConfigurationError(
      `Invalid configuration — CONTACT_EMAIL (${e.CONTACT_EMAIL}) and MAIL_REPLY_TO (${e.MAIL_REPLY_TO}) differ: people would be shown one address and their replies go to the other. Set one of them.`,
    );
  }
  const contactEmail = e.CONTACT_EMAIL ?? e.MAIL_REPLY_TO ?? SEED_RESOURCES.contactEmail;
  return {
    tableName: e.TABLE_NAME,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    stateMachineArn: e.STATE_MACHINE_ARN,
    // One marketplace mailbox: the one pages and emails show, and where replies from the rep and the
    // teams go. The provider's side replies to its rep instead (replyToFor, domain/recipients.ts).
    mail: { from: e.MAIL_FROM, replyTo: contactEmail, configurationSet: e.SES_CONFIGURATION_SET },
    teams: {
      ops: e.OPS_EMAIL,
      'platform-enablement': e.PLATFORM_ENABLEMENT_EMAIL,
      billing: e.BILLING_EMAIL,
      'marketplace-team': e.MARKETPLACE_TEAM_EMAIL,
    },
    staffDomains: e.STAFF_DOMAINS ?? [
      ...new Set(
        [e.OPS_EMAIL, e.PLATFORM_ENABLEMENT_EMAIL, e.BILLING_EMAIL, e.MARKETPLACE_TEAM_EMAIL].map((mailbox) =>
          mailbox.slice(mailbox.lastIndexOf('@') + 1).toLowerCase(),
        ),
      ),
    ],
    linkTtlSeconds: e.LINK_TTL_SECONDS,
    waits: {
      providerWaitSeconds: e.PROVIDER_WAIT_SECONDS,
      teamWaitSeconds: e.TEAM_WAIT_SECONDS,
      ...(e.STAGE_DUE_SECONDS ? { stageDueSeconds: e.STAGE_DUE_SECONDS } : {}),
    },
    maxReminders: e.MAX_REMINDERS,
    resources: {
      freeAccountUrl: e.FREE_ACCOUNT_URL,
      aliasHelpUrl: e.ALIAS_HELP_URL,
      providerPortalUrl: e.PROVIDER_PORTAL_URL,
      stagingPortalUrl: e.STAGING_PORTAL_URL,
      gettingStartedGuideUrl: e.GETTING_STARTED_GUIDE_URL,
      agreementGuidanceUrl: e.AGREEMENT_GUIDANCE_URL,
      contactEmail,
      marketplaceName: e.MARKETPLACE_NAME,
      agreementVersion: e.AGREEMENT_VERSION,
      agreementText: e.AGREEMENT_TEXT,
      listingUrlTemplate: e.LISTING_URL_TEMPLATE,
    },
  };
}
