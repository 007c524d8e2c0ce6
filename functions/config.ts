import * as z from 'zod';
import { SEED_RESOURCES } from './checklist/resources.ts';
import { stageDueSetting } from './stage-due-setting.ts';

/**
 * Configuration from the environment, checked once at module load so a misconfigured function fails
 * at cold start with a message naming the variable, not halfway through an onboarding.
 */
const address = z.email();
const seconds = z.coerce.number().int().min(1).max(31_536_000);

const schema = z.object({
  TABLE_NAME: z.string().min(1),
  PUBLIC_BASE_URL: z.url().transform((url) => url.replace(/\/+$/, '')),
  MAIL_FROM: address,
  MAIL_REPLY_TO: address.optional(),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  OPS_EMAIL: address,
  PLATFORM_ENABLEMENT_EMAIL: address,
  BILLING_EMAIL: address,
  MARKETPLACE_TEAM_EMAIL: address,
  /**
   * The marketplace's own domains, comma-separated (`marketplace.example,partners.example`): only their
   * addresses may hold staff steps or be a rep, and none of them may be a provider contact or team
   * member. Defaults to the domains of the four team mailboxes.
   */
  STAFF_DOMAINS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((domain) => domain.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'a domain like marketplace.example')))
    .optional(),
  STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
  /** How long an emailed link works; reminders send fresh ones. Seconds, so tests and demos can use short ones. */
  LINK_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(31_536_000)
    .default(30 * 24 * 3600),
  PROVIDER_WAIT_SECONDS: seconds.default(7 * 24 * 3600),
  TEAM_WAIT_SECONDS: seconds.default(3 * 24 * 3600),
  /** Per-stage due times replacing the computed ones (see `domain/stage-due-times.ts`). */
  STAGE_DUE_SECONDS: stageDueSetting.optional(),
  MAX_REMINDERS: z.coerce.number().int().min(0).max(20).default(3),
  AGREEMENT_VERSION: z.string().min(1).default(SEED_RESOURCES.agreementVersion),
  /** The agreement's full text (Lambda environments hold 4 KB in all: a longer MPA replaces the default in code). */
  AGREEMENT_TEXT: z.string().min(1).default(SEED_RESOURCES.agreementText),
  FREE_ACCOUNT_URL: z.url().default(SEED_RESOURCES.freeAccountUrl),
  ALIAS_HELP_URL: z.url().default(SEED_RESOURCES.aliasHelpUrl),
  PROVIDER_PORTAL_URL: z.url().default(SEED_RESOURCES.providerPortalUrl),
  STAGING_PORTAL_URL: z.url().default(SEED_RESOURCES.stagingPortalUrl),
  GETTING_STARTED_GUIDE_URL: z.url().default(SEED_RESOURCES.gettingStartedGuideUrl),
  AGREEMENT_GUIDANCE_URL: z.url().default(SEED_RESOURCES.agreementGuidanceUrl),
  CONTACT_EMAIL: address.optional(),
  MARKETPLACE_NAME: z.string().min(1).default(SEED_RESOURCES.marketplaceName),
  /** A published product's listing; `{product}` stands for its name. */
  LISTING_URL_TEMPLATE: z
    .string()
    .startsWith('https://')
    .includes('{product}')
    .default(SEED_RESOURCES.listingUrlTemplate),
});

export type AppConfig = ReturnType<typeof loadConfig>;

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigurationError(`Invalid configuration — ${problems.join('; ')}`);
  }
  const e = parsed.data;
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
