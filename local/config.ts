import { resolve } from 'node:path';
import { z } from 'zod';
import { dueAtShortestWait } from '../functions/domain/stage-due-times.ts';
import { stageDueSetting } from '../functions/stage-due-schema.ts';

/**
 * Settings of the embedded runtime, from the environment with defaults that just work. Reminder
 * intervals are seconds here so a demo shows reminders and escalation within minutes.
 */
const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);

const schema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: port(3000),
  SFN_PORT: port(8083),
  DYNAMODB_PORT: port(8000),
  SES_PORT: port(8005),
  LOCAL_DATA_DIR: z.string().default('.local'),
  LOCAL_PROVIDER_WAIT_SECONDS: z.coerce.number().int().min(1).default(120),
  LOCAL_TEAM_WAIT_SECONDS: z.coerce.number().int().min(1).default(120),
  /** Per-stage due times (`stage=seconds,…`); a stage not named is due after its actor's wait above. */
  LOCAL_STAGE_DUE_SECONDS: stageDueSetting.optional(),
  LOCAL_MAX_REMINDERS: z.coerce.number().int().min(0).max(20).default(2),
  LOCAL_LINK_TTL_SECONDS: z.coerce.number().int().min(1).optional(),
  /** Share of DynamoDB and SES calls failed on purpose (0 = none), to prove retries work. */
  LOCAL_FAULT_RATE: z.coerce.number().min(0).max(0.9).default(0),
  /** How often the stuck-onboarding check (and the long-running guard) runs; hourly as on AWS. */
  LOCAL_STUCK_CHECK_SECONDS: z.coerce.number().min(0.1).default(3600),
  /** The long-running guard's limits (LONG_RUNNING_MAX_DAYS / _MAX_REMINDER_LOOPS on AWS). */
  LOCAL_GUARD_MAX_DAYS: z.coerce.number().min(0).max(360).default(300),
  LOCAL_GUARD_MAX_REMINDER_LOOPS: z.coerce.number().int().min(1).max(1800).default(1000),
  /** Kills the runtime at the first call of this Step Functions operation by a handler (crash tests). */
  LOCAL_CRASH_AT: z.enum(['SendTaskSuccess']).optional(),
  /** `1`: the SES stand-in refuses unverified recipients, as SES does for an account in the sandbox. */
  LOCAL_SES_SANDBOX: z.enum(['0', '1', 'true', 'false', '']).default('0'),
  /** Verified recipients in sandbox mode (comma-separated addresses or domains), beside `<data folder>/ses-verified.txt`. */
  LOCAL_SES_VERIFIED: z.string().default(''),
  /** The inbox stand-in keeps this many emails (in memory and in the data folder), the latest ones. */
  LOCAL_INBOX_MAX_EMAILS: z.coerce.number().int().min(100).default(5000),
  /** The marketplace's staff domains (STAFF_DOMAINS on AWS): the local team mailboxes' and the demo rep's. */
  LOCAL_STAFF_DOMAINS: z.string().default('marketplace.local,marketplace.example'),
  /** Where lifecycle events are POSTed (as EventBridge delivers them), besides `<data folder>/events.ndjson`. */
  LOCAL_EVENTS_WEBHOOK: z.url().optional(),
  /** Multiplies the state machine's Retry pauses; tests use a small value to stay fast. */
  LOCAL_RETRY_DELAY_SCALE: z.coerce.number().min(0).max(1).default(1),
});

export type LocalConfig = ReturnType<typeof localConfig>;

export function localConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid local runtime settings — ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    host: e.HOST,
    ports: { api: e.PORT, sfn: e.SFN_PORT, dynamodb: e.DYNAMODB_PORT, ses: e.SES_PORT },
    dataDir: resolve(e.LOCAL_DATA_DIR),
    waits: localWaits(e),
    maxReminders: e.LOCAL_MAX_REMINDERS,
    linkTtlSeconds: e.LOCAL_LINK_TTL_SECONDS,
    faultRate: e.LOCAL_FAULT_RATE,
    crashAt: e.LOCAL_CRASH_AT,
    stuckCheckSeconds: e.LOCAL_STUCK_CHECK_SECONDS,
    guard: { maxDays: e.LOCAL_GUARD_MAX_DAYS, maxReminderLoops: e.LOCAL_GUARD_MAX_REMINDER_LOOPS },
    retryDelayScale: e.LOCAL_RETRY_DELAY_SCALE,
    staffDomains: e.LOCAL_STAFF_DOMAINS,
    inboxMaxEmails: e.LOCAL_INBOX_MAX_EMAILS,
    eventsWebhook: e.LOCAL_EVENTS_WEBHOOK,
    sesSandbox: {
      enabled: e.LOCAL_SES_SANDBOX === '1' || e.LOCAL_SES_SANDBOX === 'true',
      verified: e.LOCAL_SES_VERIFIED.split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    },
  };
}

/** Fixed names and credentials of the local stand-ins; any SDK or the AWS CLI can use them. */
export const LOCAL_AWS = {
  region: 'us-east-1',
  accountId: '123456789012',
  accessKeyId: 'local',
  secretAccessKey: 'local',
  tableName: 'marketplace-onboarding',
  stateMachineName: 'marketplace-onboarding',
  /** The lifecycle events' `source` (the stack's name on AWS). */
  eventSource: 'marketplace-onboarding-local',
} as const;

/** Addresses of the teams locally; their emails land in the local inbox like everyone else's. */
export const LOCAL_TEAMS = {
  OPS_EMAIL: 'ops@marketplace.local',
  PLATFORM_ENABLEMENT_EMAIL: 'platform-enablement@marketplace.local',
  BILLING_EMAIL: 'billing@marketplace.local',
  MARKETPLACE_TEAM_EMAIL: 'marketplace-team@marketplace.local',
} as const;

/** Demo pace: every stage is due after its actor's wait, unless `LOCAL_STAGE_DUE_SECONDS` names it. */
function localWaits(e: z.infer<typeof schema>) {
  const shortest = {
    providerWaitSeconds: e.LOCAL_PROVIDER_WAIT_SECONDS,
    teamWaitSeconds: e.LOCAL_TEAM_WAIT_SECONDS,
  };
  return { ...shortest, stageDueSeconds: { ...dueAtShortestWait(shortest), ...e.LOCAL_STAGE_DUE_SECONDS } };
}
