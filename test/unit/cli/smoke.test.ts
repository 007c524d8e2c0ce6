import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  GetIdentityDkimAttributesCommand,
  GetIdentityMailFromDomainAttributesCommand,
  GetIdentityVerificationAttributesCommand,
  GetSendQuotaCommand,
  SESClient,
} from '@aws-sdk/client-ses';
import { DescribeStateMachineCommand, SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoDbStore } from '../../../functions/adapters/dynamodb-store.ts';
import { HELP, main } from '../../../functions/cli/smoke.ts';
import {
  runSmokeCheck,
  SIMULATOR_SUCCESS,
  type SmokeDependencies,
} from '../../../functions/cli/smoke-check.ts';
import { findActionLink } from '../../../functions/domain/find-action-link.ts';
import type { OnboardingStore } from '../../../functions/domain/ports.ts';
import { createLogger } from '../../../functions/observability/logger.ts';
import { type LocalTable, startDynalite } from '../../support/dynalite.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';

const OUTPUTS = {
  ApiUrl: 'https://api.example',
  PublicBaseUrl: 'https://onboarding.example',
  StateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:MarketplaceOnboardingStack',
  TableName: 'onboardings',
  SesIdentity: 'example.com',
  MailFrom: 'onboarding@example.com',
};

/** DNS as a domain set up as the docs say has it: SPF at the MAIL FROM domain, DMARC at the domain. */
let dnsRecords: Record<string, string[][]>;
const dns = {
  async resolveTxt(name: string): Promise<string[][]> {
    const found = dnsRecords[name];
    if (!found) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return found;
  },
};

let table: LocalTable;
let store: OnboardingStore;
let lines: string[];
let now: number;
const cloudformation = new CloudFormationClient({ region: 'eu-west-1' });
const sfn = new SFNClient({ region: 'eu-west-1' });
const dynamodb = new DynamoDBClient({ region: 'eu-west-1' });
const ses = new SESClient({ region: 'eu-west-1' });
const mocks = [mockClient(cloudformation), mockClient(sfn), mockClient(dynamodb), mockClient(ses)] as const;
const [cfnMock, sfnMock, dynamoMock, sesMock] = mocks;

/** What the deployment does when the smoke check calls its API: the real store on dynalite stands in for its table. */
interface FakeDeployment {
  recordsStages: boolean;
  submitted: Record<string, string>[];
}
let deployment: FakeDeployment;

beforeEach(async () => {
  table = await startDynalite();
  store = createDynamoDbStore({ client: table.documentClient, tableName: table.tableName });
  lines = [];
  now = 0;
  deployment = { recordsStages: true, submitted: [] };
  for (const mock of mocks) mock.reset();
  cfnMock.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'MarketplaceOnboardingStack',
        CreationTime: new Date(),
        StackStatus: 'CREATE_COMPLETE',
        Outputs: Object.entries(OUTPUTS).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  });
  sfnMock.on(DescribeStateMachineCommand).resolves({ status: 'ACTIVE' } as never);
  sfnMock.on(StopExecutionCommand).resolves({ stopDate: new Date() });
  dynamoMock.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });
  sesMock.on(GetIdentityVerificationAttributesCommand).resolves({
    VerificationAttributes: { 'example.com': { VerificationStatus: 'Success' } },
  });
  sesMock.on(GetIdentityDkimAttributesCommand).resolves({
    DkimAttributes: {
      'example.com': { DkimEnabled: true, DkimVerificationStatus: 'Success', DkimTokens: ['t1', 't2', 't3'] },
    },
  });
  sesMock.on(GetIdentityMailFromDomainAttributesCommand).resolves({
    MailFromDomainAttributes: {
      'example.com': {
        MailFromDomain: 'mail.example.com',
        MailFromDomainStatus: 'Success',
        BehaviorOnMXFailure: 'UseDefaultValue',
      },
    },
  });
  sesMock.on(GetSendQuotaCommand).resolves({ Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 3 });
  dnsRecords = {
    'mail.example.com': [['v=spf1 include:amazonses.com ~all']],
    '_dmarc.example.com': [['v=DMARC1; p=quarantine']],
  };
});
afterEach(() => table.stop());

function deps(): SmokeDependencies {
  return {
    cloudformation,
    sfn,
    dynamodb,
    ses,
    dns,
    storeFor: (tableName) => {
      expect(tableName).toBe(OUTPUTS.TableName);
      return store;
    },
    http: {
      async get(url) {
        const link = await findActionLink(store, url.slice(url.lastIndexOf('/') + 1));
        return link ? 200 : 404;
      },
      async postForm(url, fields) {
        const link = await findActionLink(store, url.slice(url.lastIndexOf('/') + 1));
        if (!link) return 404;
        deployment.submitted.push(fields);
        const onboarding = await store.getOnboarding(link.onboardingId);
        if (onboarding) await seedWait(store, onboarding, 'portal-access');
        return 200;
      },
      async postSignedJson(url, body) {
        expect(url).toBe('https://api.example/onboardings');
        expect(body).toMatchObject({ contactEmail: SIMULATOR_SUCCESS, repEmail: SIMULATOR_SUCCESS });
        const onboarding = await seedOnboarding(store, {
          id: 'smoke-test-abcdefgh',
          contactEmail: SIMULATOR_SUCCESS,
        });
        if (deployment.recordsStages) {
          await seedWait(store, onboarding, 'cloud-account');
          await store.appendEvent({
            onboardingId: onboarding.id,
            type: 'email-sent',
            at: '2026-11-24T10:00:00.000Z',
            stage: 'cloud-account',
          });
        }
        return {
          status: 201,
          body: { onboardingId: onboarding.id, executionArn: 'arn:aws:states:execution:smoke' },
        };
      },
    },
    // Time passes only when the check waits: no test sleeps.
    clock: {
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    },
    print: (line) => lines.push(line),
    logger: createLogger({}, () => {}),
  };
}

const smoke = () =>
  runSmokeCheck(deps(), { stack: 'MarketplaceOnboardingStack', region: 'eu-west-1', timeoutSeconds: 30 });
const passedSteps = () => lines.filter((line) => line.includes('✔')).length;

describe('npm run smoke', () => {
  it('passes every step on a working deployment, acting on stage 1 and stopping the onboarding', async () => {
    expect(await smoke()).toBe(true);

    expect(lines.filter((line) => line.includes('✘'))).toEqual([]);
    // 10 timed steps, and 5 deliverability checks (DKIM, MAIL FROM, SPF, DMARC, sandbox).
    expect(passedSteps()).toBe(15);
    expect(lines.filter((line) => line.includes('✔') && / \(\d+ ms\)$/.test(line))).toHaveLength(10);
    expect(lines.filter((line) => line.startsWith('  !'))).toEqual([]);
    expect(deployment.submitted).toEqual([{ alias: 'SMOKE' }]);
    expect((await store.getOnboarding('smoke-test-abcdefgh'))?.status).toBe('stopped');
    const events = await store.listEvents('smoke-test-abcdefgh');
    expect(events.find((event) => event.type === 'onboarding-stopped')).toMatchObject({
      type: 'onboarding-stopped',
      actor: 'npm run smoke',
      detail: expect.stringContaining('smoke run'),
    });
    expect(sfnMock.commandCalls(StopExecutionCommand)[0]?.args[0].input.executionArn).toBe(
      'arn:aws:states:execution:smoke',
    );
    expect(lines.at(-1)).toBe('Smoke check passed.');
  });

  it('stops at an unverified SES identity, saying how to verify it, before starting anything', async () => {
    sesMock.on(GetIdentityVerificationAttributesCommand).resolves({
      VerificationAttributes: { 'example.com': { VerificationStatus: 'Pending' } },
    });

    expect(await smoke()).toBe(false);

    const failure = lines.find((line) => line.includes('✘'));
    expect(failure).toContain('SES identity example.com is verified');
    expect(failure).toContain('"Pending"');
    expect(failure).toContain('publish the DNS records');
    expect(await store.getOnboarding('smoke-test-abcdefgh')).toBeUndefined();
    expect(lines.at(-1)).toContain('Smoke check FAILED');
  });

  it('fails the run on a failed deliverability check, still running the end-to-end steps', async () => {
    delete dnsRecords['_dmarc.example.com'];

    expect(await smoke()).toBe(false);

    expect(lines.filter((line) => line.startsWith('  ✘'))).toEqual([
      expect.stringContaining('DMARC record for example.com: none found at _dmarc.example.com'),
    ]);
    expect(deployment.submitted).toEqual([{ alias: 'SMOKE' }]);
    expect(lines.at(-1)).toContain('Smoke check FAILED');
  });

  it('passes with a warning only (the sandbox), saying what it means', async () => {
    sesMock.on(GetSendQuotaCommand).resolves({ Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 });

    expect(await smoke()).toBe(true);

    expect(lines.find((line) => line.startsWith('  !  '))).toContain('SES sandbox');
    expect(lines.at(-1)).toBe('Smoke check passed.');
  });

  it('says to deploy first when the stack does not exist, and checks nothing else', async () => {
    cfnMock.on(DescribeStacksCommand).rejects(
      Object.assign(new Error('Stack with id MarketplaceOnboardingStack does not exist'), {
        name: 'ValidationError',
      }),
    );

    expect(await smoke()).toBe(false);

    expect(lines.find((line) => line.includes('✘'))).toContain(
      'there is no stack MarketplaceOnboardingStack in eu-west-1. Deploy it first (npm run deploy)',
    );
    expect(lines.filter((line) => line.includes('skipped'))).toHaveLength(4);
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('fails when stage 1 is never recorded, after the timeout, and still stops the onboarding', async () => {
    deployment.recordsStages = false;

    expect(await smoke()).toBe(false);

    expect(lines.find((line) => line.includes('✘'))).toMatch(
      /Stage 1 recorded .*: stage 1 being recorded with its email sent did not happen within 30 s/,
    );
    expect(now).toBeGreaterThanOrEqual(30_000);
    expect(lines.find((line) => line.includes('Onboarding stopped'))).toContain('✔');
    expect(sfnMock.commandCalls(StopExecutionCommand)).toHaveLength(1);
  });

  it('explains itself with --help', async () => {
    const printed: string[] = [];
    expect(await main(['--help'], (line) => printed.push(line))).toBe(0);
    expect(printed).toEqual([HELP]);
    expect(HELP).toContain('--stack NAME');
  });
});
