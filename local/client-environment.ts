import { stageDueSettingText } from '../functions/stage-due-setting.ts';
import { LOCAL_AWS, localConfig } from './config.ts';
import { handlerEnvironment } from './handler-environment.ts';

/**
 * What an AWS SDK client outside the runtime needs to talk to it (the CLI with --local, the demo,
 * tests): the same port variables as `npm start`, the fixed local names and credentials.
 */
export function localClientEnvironment(
  env: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const config = localConfig(env);
  const host = config.host;
  return {
    // What the functions are given (sender, public URL, team mailboxes): the CLI's people commands
    // send the same emails as the functions do.
    ...handlerEnvironment(config, {
      api: `http://${host === '127.0.0.1' ? 'localhost' : host}:${config.ports.api}`,
      dynamodb: `http://${host}:${config.ports.dynamodb}`,
      ses: `http://${host}:${config.ports.ses}`,
      sfn: `http://${host}:${config.ports.sfn}`,
    }),
    AWS_REGION: LOCAL_AWS.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: `http://${host}:${config.ports.dynamodb}`,
    AWS_ENDPOINT_URL_SFN: `http://${host}:${config.ports.sfn}`,
    AWS_ENDPOINT_URL_SES: `http://${host}:${config.ports.ses}`,
    TABLE_NAME: LOCAL_AWS.tableName,
    STATE_MACHINE_ARN: `arn:aws:states:${LOCAL_AWS.region}:${LOCAL_AWS.accountId}:stateMachine:${LOCAL_AWS.stateMachineName}`,
    PROVIDER_WAIT_SECONDS: String(config.waits.providerWaitSeconds),
    TEAM_WAIT_SECONDS: String(config.waits.teamWaitSeconds),
    STAGE_DUE_SECONDS: stageDueSettingText(config.waits.stageDueSeconds),
  };
}
