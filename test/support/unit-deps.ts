import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { createDynamoDbStore } from '../../functions/adapters/dynamodb-store.ts';
import { createSesMailer } from '../../functions/adapters/ses-mailer.ts';
import { createSfnCallbacks } from '../../functions/adapters/sfn-workflow.ts';
import type { Dependencies } from '../../functions/domain/dependencies.ts';
import { createLogger } from '../../functions/observability/logger.ts';
import { type LocalTable, startDynalite } from './dynalite.ts';
import { testConfig } from './test-config.ts';

export const ses = mockClient(SESClient);
export const sfn = mockClient(SFNClient);

export interface UnitHarness {
  table: LocalTable;
  deps: Dependencies;
  logLines: string[];
  /** Emails sent through the (mocked) SES client, as SendEmail inputs. */
  sentEmails(): {
    to: string[];
    cc: string[];
    replyTo: string[];
    subject: string;
    text: string;
    html: string;
  }[];
  now: { value: Date };
}

/**
 * Real store on dynalite, real SES and Step Functions adapters over aws-sdk-client-mock, a clock the
 * test controls, and a logger whose lines the test can search (for tokens, among other things).
 */
export async function unitHarness(configOverrides: Record<string, string> = {}): Promise<UnitHarness> {
  ses.reset();
  sfn.reset();
  let counter = 0;
  ses.on(SendEmailCommand).callsFake(() => ({ MessageId: `message-${++counter}` }));
  const table = await startDynalite();
  const config = testConfig(configOverrides);
  const logLines: string[] = [];
  const now = { value: new Date('2026-11-24T10:00:00Z') };
  const deps: Dependencies = {
    store: createDynamoDbStore({ client: table.documentClient, tableName: table.tableName }),
    mailer: createSesMailer({
      client: new SESClient({ region: 'us-east-1' }),
      from: config.mail.from,
      configurationSet: config.mail.configurationSet,
    }),
    workflow: createSfnCallbacks(new SFNClient({ region: 'us-east-1' })),
    config,
    clock: () => now.value,
    logger: createLogger({}, (line) => logLines.push(line)),
  };
  return {
    table,
    deps,
    logLines,
    now,
    sentEmails: () =>
      ses.commandCalls(SendEmailCommand).map((call) => {
        const input = call.args[0].input;
        return {
          to: input.Destination?.ToAddresses ?? [],
          cc: input.Destination?.CcAddresses ?? [],
          replyTo: input.ReplyToAddresses ?? [],
          subject: input.Message?.Subject?.Data ?? '',
          text: input.Message?.Body?.Text?.Data ?? '',
          html: input.Message?.Body?.Html?.Data ?? '',
        };
      }),
  };
}

export const ACTION_URL = /https:\/\/onboarding\.test\.example\/a\/[A-Za-z0-9_-]{43,}/;
