import { stageDueSettingText } from '../functions/stage-due-setting.ts';
import { LOCAL_AWS, LOCAL_TEAMS, type LocalConfig } from './config.ts';

/**
 * The environment a deployed function gets, pointed at the local stand-ins through the AWS SDK's
 * own per-service endpoint variables, so the handler modules run unchanged.
 */
export function handlerEnvironment(
  config: LocalConfig,
  endpoints: { api: string; dynamodb: string; ses: string; sfn: string },
): Record<string, string> {
  return {
    AWS_REGION: LOCAL_AWS.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SES: endpoints.ses,
    AWS_ENDPOINT_URL_SFN: endpoints.sfn,
    // Lifecycle events: the PutEvents stand-in on the API port (local/lifecycle-events/).
    AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.api,
    EVENT_BUS_NAME: 'default',
    EVENT_SOURCE: LOCAL_AWS.eventSource,
    TABLE_NAME: LOCAL_AWS.tableName,
    STATE_MACHINE_ARN: `arn:aws:states:${LOCAL_AWS.region}:${LOCAL_AWS.accountId}:stateMachine:${LOCAL_AWS.stateMachineName}`,
    PUBLIC_BASE_URL: endpoints.api,
    MAIL_FROM: 'onboarding@marketplace.local',
    MAIL_REPLY_TO: 'marketplace@marketplace.local',
    ...LOCAL_TEAMS,
    STAFF_DOMAINS: config.staffDomains,
    PROVIDER_WAIT_SECONDS: String(config.waits.providerWaitSeconds),
    TEAM_WAIT_SECONDS: String(config.waits.teamWaitSeconds),
    STAGE_DUE_SECONDS: stageDueSettingText(config.waits.stageDueSeconds),
    MAX_REMINDERS: String(config.maxReminders),
    LONG_RUNNING_MAX_DAYS: String(config.guard.maxDays),
    LONG_RUNNING_MAX_REMINDER_LOOPS: String(config.guard.maxReminderLoops),
    ...(config.linkTtlSeconds ? { LINK_TTL_SECONDS: String(config.linkTtlSeconds) } : {}),
  };
}
