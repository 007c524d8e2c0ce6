import type { Node } from 'constructs';
import { z } from 'zod';
import { type EmailDnsConfig, emailDnsConfig, emailDnsProblems } from './email-dns-config.ts';

/**
 * Deployment settings read from CDK context (`cdk.json` holds documented placeholders; override with
 * `-c key=value`). Checked once, so a typo fails the synth with the key's name instead of a Lambda
 * failing at cold start.
 */
const email = z.email();
const LABEL = '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?';
const DOMAIN = new RegExp(`^${LABEL}(\\.${LABEL})+$`);
const DOMAIN_OR_LABEL = new RegExp(`^${LABEL}(\\.${LABEL})*$`);
const seconds = z.coerce.number().int().min(1).max(31_536_000);

const schema = z.object({
  mailFrom: email,
  mailReplyTo: email.optional(),
  /** Domain (e.g. `example.com`) or address to verify in SES; defaults to the mailFrom domain. */
  sesIdentity: z.string().min(3).optional(),
  /**
   * `true` when the SES identity is already verified in this account and region (by hand, or by
   * another stack): the stack then uses it instead of creating it (creating it again would fail).
   */
  sesIdentityExists: z
    .preprocess(
      // -c gives a string; a cdk.json value may be a boolean; not set means false.
      (value) => (value === undefined ? 'false' : String(value)),
      z.enum(['true', 'false'], { error: 'sesIdentityExists must be true or false' }),
    )
    .transform((value) => value === 'true'),
  opsEmail: email,
  platformEnablementEmail: email,
  billingEmail: email,
  marketplaceTeamEmail: email,
  /** The marketplace's own email domains, comma-separated: who may hold staff steps (default: the team mailboxes' domains). */
  staffDomains: z.string().min(3).optional(),
  /** Public base URL of the action links (a custom domain); defaults to the HTTP API endpoint. */
  publicBaseUrl: z.url().optional(),
  providerWaitSeconds: seconds.optional(),
  teamWaitSeconds: seconds.optional(),
  /** Per-stage due times, `stage=seconds,…` (e.g. `product-content=1814400`); others are computed. */
  stageDueSeconds: z
    .string()
    .regex(/^[a-z-]+=\d+(,[a-z-]+=\d+)*$/, 'stage=seconds pairs, comma-separated')
    .optional(),
  maxReminders: z.coerce.number().int().min(0).max(20).optional(),
  /** Where alarm notifications go (SNS email subscription); defaults to opsEmail. */
  alarmEmail: email.optional(),
  /**
   * The EventBridge bus lifecycle events go to (an existing bus, by name); the account's default bus
   * when not set.
   */
  eventBusName: z
    .string()
    .regex(
      /^[A-Za-z0-9._\-/]{1,256}$/,
      'eventBusName must be the name of an EventBridge bus (letters, digits, . _ - /)',
    )
    .optional(),
  /** Days without progress after which an in-progress onboarding counts as stuck (alarm). */
  stuckAfterDays: z.coerce.number().int().min(1).max(365).default(14),
  /** A Route 53 public hosted zone the stack publishes the email DNS records in (DKIM, MAIL FROM, DMARC). */
  hostedZoneId: z
    .string()
    .regex(/^Z[A-Z0-9]{1,31}$/, 'hostedZoneId is the zone id Route 53 shows, like Z0123456789ABCDEFGHIJ')
    .optional(),
  hostedZoneName: z
    .string()
    .transform((name) => name.replace(/\.$/, '').toLowerCase())
    .pipe(z.string().regex(DOMAIN, 'hostedZoneName is the zone domain, like example.com'))
    .optional(),
  /** The MAIL FROM (bounce) subdomain: a label (`mail`) or a full name under the identity domain. */
  mailFromSubdomain: z
    .string()
    .transform((name) => name.toLowerCase())
    .pipe(z.string().regex(DOMAIN_OR_LABEL, 'mailFromSubdomain is a name like mail or mail.example.com'))
    .optional(),
  dmarcPolicy: z
    .enum(['none', 'quarantine', 'reject'], { error: 'dmarcPolicy must be none, quarantine or reject' })
    .optional(),
  dmarcReportTo: z
    .email({ error: 'dmarcReportTo is the address DMARC aggregate reports go to, like dmarc@example.com' })
    .optional(),
});

type ParsedConfig = z.infer<typeof schema>;

export type StackConfig = Omit<ParsedConfig, 'sesIdentity' | 'alarmEmail'> & {
  sesIdentity: string;
  alarmEmail: string;
} & EmailDnsConfig;

export const CONTEXT_KEYS = Object.keys(schema.shape) as (keyof z.infer<typeof schema>)[];

export class StackConfigError extends Error {
  override name = 'StackConfigError';
}

/** Reads and checks the stack's settings from the CDK context of `node` (usually the App). */
export function readStackConfig(node: Node): StackConfig {
  const raw = Object.fromEntries(
    CONTEXT_KEYS.map((key) => [key, emptyToUndefined(node.tryGetContext(key))] as const),
  );
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new StackConfigError(`Invalid CDK context — ${problems.join('; ')}`);
  }
  const config = parsed.data;
  const sesIdentity = config.sesIdentity ?? config.mailFrom.slice(config.mailFrom.lastIndexOf('@') + 1);
  const dnsProblems = emailDnsProblems(config, sesIdentity);
  if (dnsProblems.length > 0) throw new StackConfigError(`Invalid CDK context — ${dnsProblems.join('; ')}`);
  return {
    ...config,
    sesIdentity,
    alarmEmail: config.alarmEmail ?? config.opsEmail,
    ...emailDnsConfig(config, sesIdentity),
  };
}

function emptyToUndefined(value: unknown): unknown {
  return value === '' || value === null ? undefined : value;
}

/** The default stack name; `-c stackName=...` deploys another copy beside it (staging, a second region's test). */
export const DEFAULT_STACK_NAME = 'MarketplaceOnboardingStack';

/**
 * Physical names (state machine, its log group, dashboard, alarms) derive from the stack name, so it
 * must also be a valid state machine name: letters, digits and hyphens, at most 80 characters.
 */
const stackName = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9-]{0,79}$/,
    'stackName must start with a letter and have at most 80 letters, digits or hyphens',
  );

/** Reads the stack name from CDK context (`stackName`), defaulting to `DEFAULT_STACK_NAME`. */
export function readStackName(node: Node): string {
  const parsed = stackName.safeParse(emptyToUndefined(node.tryGetContext('stackName')) ?? DEFAULT_STACK_NAME);
  if (!parsed.success) throw new StackConfigError(`Invalid CDK context — ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
