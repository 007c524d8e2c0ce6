/**
 * Post-deploy smoke check, the step after `npm run deploy`:
 *   npm run smoke -- [--stack NAME] [--region REGION] [--timeout SECONDS] [--records]
 * Credentials (and the region, unless --region) come from the environment, as for the AWS CLI
 * (AWS_REGION, AWS_PROFILE, ...).
 */
import { Resolver } from 'node:dns/promises';
import { parseArgs } from 'node:util';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { SFNClient } from '@aws-sdk/client-sfn';
import { createDocumentClient, createDynamoDbStore } from '../adapters/dynamodb-store.ts';
import { createLogger } from '../observability/logger.ts';
import { signedPostJson } from '../runtime/signed-fetch.ts';
import { runSmokeCheck, SIMULATOR_SUCCESS, type SmokeDependencies } from './smoke-check.ts';
import { printRecords } from './smoke-email.ts';

/** The stack `npm run deploy` creates unless given `-c stackName=...` (infra/stack-config.ts). */
const DEFAULT_STACK = 'MarketplaceOnboardingStack';

export const HELP = `npm run smoke -- [--stack NAME] [--region REGION] [--timeout SECONDS] [--records]

Checks a deployed stack end to end, after npm run deploy:
  1. reads the stack's outputs (CloudFormation DescribeStacks; --stack, default ${DEFAULT_STACK})
  2. the state machine and the table exist and are active
  3. the SES identity is verified (and says how to verify it if not)
     then email deliverability, each check pass, fail or warn with what to do: DKIM status SUCCESS,
     MAIL FROM status SUCCESS, SPF and DMARC records in DNS and aligned with the From domain, the
     account out of the SES sandbox; and the DNS records the identity needs, as they must be published
  4. the API answers (an unknown action link gets its "not found" page)
  5. starts an onboarding (signed POST /onboardings) addressed to ${SIMULATOR_SUCCESS}
  6. waits until stage 1 is recorded and SES accepted its email (--timeout, default 90 s)
  7. acts on stage 1 through an action link (the page, then its form) and checks stage 2 is entered
  8. stops the onboarding and marks it as a smoke run
Every step prints pass or fail and how long it took; the exit code is 0 only if none failed
(a warning does not fail the run).
--records only prints the DNS records (DKIM, MAIL FROM, DMARC) and checks nothing.
Credentials come from the environment (AWS_PROFILE or access keys), the region from --region or AWS_REGION.`;

export async function main(argv: string[], print = console.log): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      stack: { type: 'string' },
      region: { type: 'string' },
      timeout: { type: 'string' },
      records: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    print(HELP);
    return 0;
  }
  const timeoutSeconds = Number(values.timeout ?? 90);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) {
    print('--timeout takes a whole number of seconds, e.g. --timeout 120');
    return 2;
  }
  const clientConfig = values.region ? { region: values.region } : {};
  const sfn = new SFNClient(clientConfig);
  const region = await sfn.config.region().catch(() => undefined);
  if (!region) {
    print(
      'No AWS region: set AWS_REGION (or a profile with a region) to the region the stack is deployed in.',
    );
    return 2;
  }
  const stack = values.stack ?? DEFAULT_STACK;
  const dns = new Resolver();
  if (values.records) {
    const printed = await printRecords(
      {
        cloudformation: new CloudFormationClient(clientConfig),
        ses: new SESClient(clientConfig),
        dns,
        print,
      },
      { stack, region },
    );
    return printed ? 0 : 1;
  }
  const deps: SmokeDependencies = {
    cloudformation: new CloudFormationClient(clientConfig),
    sfn,
    dynamodb: new DynamoDBClient(clientConfig),
    ses: new SESClient(clientConfig),
    dns,
    storeFor: (tableName) =>
      createDynamoDbStore({ client: createDocumentClient(new DynamoDBClient(clientConfig)), tableName }),
    http: {
      get: async (url) => (await fetch(url, { redirect: 'manual' })).status,
      postForm: async (url, fields) =>
        (
          await fetch(url, {
            method: 'POST',
            redirect: 'manual',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(fields),
          })
        ).status,
      postSignedJson: async (url, body) => {
        const response = await signedPostJson(url, body, await sfn.config.credentials(), region);
        return { status: response.status, body: await response.json().catch(() => undefined) };
      },
    },
    clock: { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
    print,
    logger: createLogger({ service: 'smoke' }, () => {}),
  };
  const passed = await runSmokeCheck(deps, { stack, region, timeoutSeconds });
  return passed ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
