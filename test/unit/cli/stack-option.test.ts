import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../functions/cli/onboarding.ts';
import { readStackResources, stackEnvironment } from '../../../functions/cli/stack-outputs.ts';

/** `--stack NAME` on every command: the SDK stubbed at the client, the CLI as ops run it. */

const OUTPUTS = {
  ApiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/',
  StateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:OnboardingProd',
  TableName: 'OnboardingProd-Onboardings-1A2B3C',
};

const cfnMock = mockClient(CloudFormationClient);
const dynamoMock = mockClient(DynamoDBDocumentClient);
const sfnMock = mockClient(SFNClient);

let env: Record<string, string | undefined>;
let lines: string[];
let fetched: { url: string; method: string; body: unknown }[];

const cli = (...argv: string[]) => main(argv, env, (line) => lines.push(line));

beforeEach(() => {
  for (const mock of [cfnMock, dynamoMock, sfnMock]) mock.reset();
  // A bare shell: credentials only (the region comes from --region or AWS_REGION).
  env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' };
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  for (const name of ['TABLE_NAME', 'STATE_MACHINE_ARN', 'ONBOARDING_API_URL', 'AWS_PROFILE'])
    vi.stubEnv(name, undefined);
  lines = [];
  fetched = [];
  cfnMock.on(DescribeStacksCommand, { StackName: 'OnboardingProd' }).resolves({
    Stacks: [
      {
        StackName: 'OnboardingProd',
        CreationTime: new Date(),
        StackStatus: 'UPDATE_COMPLETE',
        Outputs: Object.entries(OUTPUTS).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  });
  const missing = Object.assign(new Error('Stack with id OnboardingTest does not exist'), {
    name: 'ValidationError',
  });
  cfnMock.on(DescribeStacksCommand, { StackName: 'OnboardingTest' }).rejects(missing);
  dynamoMock.on(QueryCommand).resolves({ Items: [] });
  vi.stubGlobal('fetch', async (url: string | URL, init: RequestInit) => {
    fetched.push({
      url: String(url),
      method: init.method ?? 'GET',
      body: init.body === undefined ? undefined : JSON.parse(String(init.body)),
    });
    return new Response(
      JSON.stringify({
        who: 'rep',
        previous: 'rep@marketplace.example',
        email: 'new-rep@marketplace.example',
      }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
  });
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

const tablesQueried = () => [
  ...new Set(dynamoMock.commandCalls(QueryCommand).map((c) => c.args[0].input.TableName)),
];

describe('--stack NAME finds the resources in the stack outputs', () => {
  it("what the CLI publishes itself goes to the stack's bus with the stack's name as source; an older stack without the output publishes nothing", async () => {
    const resources = await readStackResources(new CloudFormationClient({}), 'OnboardingProd');
    expect(stackEnvironment(resources, {})).not.toHaveProperty('EVENT_BUS_NAME');
    cfnMock.on(DescribeStacksCommand, { StackName: 'OnboardingProd' }).resolves({
      Stacks: [
        {
          StackName: 'OnboardingProd',
          CreationTime: new Date(),
          StackStatus: 'UPDATE_COMPLETE',
          Outputs: Object.entries({ ...OUTPUTS, EventBusName: 'default' }).map(
            ([OutputKey, OutputValue]) => ({
              OutputKey,
              OutputValue,
            }),
          ),
        },
      ],
    });
    const withBus = await readStackResources(new CloudFormationClient({}), 'OnboardingProd');
    expect(stackEnvironment(withBus, {})).toMatchObject({
      EVENT_BUS_NAME: 'default',
      EVENT_SOURCE: 'OnboardingProd',
    });
    expect(stackEnvironment(withBus, { EVENT_BUS_NAME: 'other-bus' })).toMatchObject({
      EVENT_BUS_NAME: 'other-bus',
    });
  });

  it('list reads the table the stack names, in the region given', async () => {
    expect(await cli('list', '--stack', 'OnboardingProd', '--region', 'eu-west-1')).toBe(0);
    expect(lines).toEqual(['No onboardings yet.']);
    expect(tablesQueried()).toEqual([OUTPUTS.TableName]);
    expect(env.AWS_REGION).toBe('eu-west-1');
    expect(cfnMock.commandCalls(DescribeStacksCommand)).toHaveLength(1);
  });

  it('show reads the same table, and says plainly when the onboarding is not there', async () => {
    dynamoMock.on(GetCommand).resolves({});
    await expect(cli('show', 'acme-software-abcdefgh', '--stack', 'OnboardingProd')).rejects.toThrow(
      'There is no onboarding "acme-software-abcdefgh".',
    );
    expect(dynamoMock.commandCalls(GetCommand).map((c) => c.args[0].input.TableName)).toEqual([
      OUTPUTS.TableName,
    ]);
  });

  it('start goes through the stack’s signed start API, so the stack starts it with its own settings', async () => {
    const args = ['--company', 'Acme Software', '--contact-name', 'Ada Lovelace'];
    const people = ['--contact-email', 'ada@acme.example', '--rep-email', 'rep@marketplace.example'];
    vi.stubGlobal('fetch', async (url: string | URL, init: RequestInit) => {
      fetched.push({ url: String(url), method: init.method ?? 'GET', body: JSON.parse(String(init.body)) });
      const body = { onboardingId: 'acme-software-abcdefgh', executionName: 'acme-software-abcdefgh' };
      return new Response(JSON.stringify({ ...body, executionArn: 'arn:x' }), { status: 201 });
    });
    expect(await cli('start', '--stack', 'OnboardingProd', ...args, ...people)).toBe(0);
    expect(fetched.map(({ url, method }) => `${method} ${url}`)).toEqual([
      `POST ${OUTPUTS.ApiUrl}onboardings`,
    ]);
    expect(fetched[0]?.body).toMatchObject({ company: 'Acme Software', contactEmail: 'ada@acme.example' });
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(0);
    expect(lines[0]).toContain('id:        acme-software-abcdefgh');
  });

  it('start with STATE_MACHINE_ARN set starts an execution of that state machine directly', async () => {
    env.STATE_MACHINE_ARN = OUTPUTS.StateMachineArn;
    dynamoMock.onAnyCommand().resolves({});
    dynamoMock.on(QueryCommand).resolves({ Items: [] });
    sfnMock.on(StartExecutionCommand).resolves({
      executionArn: `${OUTPUTS.StateMachineArn.replace(':stateMachine:', ':execution:')}:x`,
      startDate: new Date(),
    });
    const code = await cli(
      'start',
      '--stack',
      'OnboardingProd',
      '--company',
      'Acme Software',
      '--contact-name',
      'Ada Lovelace',
      '--contact-email',
      'ada@acme.example',
      '--rep-email',
      'rep@marketplace.example',
    );
    expect(code).toBe(0);
    expect(sfnMock.commandCalls(StartExecutionCommand).map((c) => c.args[0].input.stateMachineArn)).toEqual([
      OUTPUTS.StateMachineArn,
    ]);
    expect(lines[0]).toMatch(/^Onboarding started\./);
  });

  it('the people commands call the signed API the stack names (ApiUrl)', async () => {
    const code = await cli(
      'change-rep',
      'acme-software-abcdefgh',
      '--stack',
      'OnboardingProd',
      '--email',
      'new-rep@marketplace.example',
    );
    expect(code).toBe(0);
    expect(fetched.map(({ url, method }) => `${method} ${url}`)).toEqual([
      `POST ${OUTPUTS.ApiUrl}onboardings/acme-software-abcdefgh/rep`,
    ]);
  });

  it('TABLE_NAME, STATE_MACHINE_ARN and --api stay overrides of the outputs', async () => {
    env.TABLE_NAME = 'a-restored-table';
    await cli('list', '--stack', 'OnboardingProd');
    expect(tablesQueried()).toEqual(['a-restored-table']);
    await cli(
      'audit',
      'acme-software-abcdefgh',
      '--stack',
      'OnboardingProd',
      '--api',
      'https://api.example/',
    );
    expect(fetched.map(({ url }) => url)).toEqual([
      'https://api.example/onboardings/acme-software-abcdefgh/audit',
    ]);
  });

  it('every command takes --stack (and --region)', async () => {
    const commands = [
      ['list'],
      ['show', 'x'],
      ['resume', 'x'],
      ['redrive', 'x'],
      ['start'],
      ['hand-over', 'x'],
      ['change-contact', 'x'],
      ['change-rep', 'x'],
      ['add-product', 'x'],
      ['audit', 'x'],
    ];
    for (const command of commands) {
      cfnMock.resetHistory();
      // Each fails later for its own reason (no such onboarding, missing fields): never on the option.
      await cli(...command, '--stack', 'OnboardingProd', '--region', 'eu-west-1').catch(() => 1);
      expect(cfnMock.commandCalls(DescribeStacksCommand), command.join(' ')).toHaveLength(1);
    }
  });
});

describe('--stack problems in plain words, changing nothing', () => {
  it('a stack that does not exist', async () => {
    await expect(cli('list', '--stack', 'OnboardingTest', '--region', 'eu-west-1')).rejects.toThrow(
      'There is no stack OnboardingTest in eu-west-1: check the name (--stack) and the region (--region or AWS_REGION).',
    );
    expect(dynamoMock.calls()).toHaveLength(0);
  });

  it('IAM denied, naming the action and the resource', async () => {
    cfnMock
      .on(DescribeStacksCommand)
      .rejects(
        Object.assign(
          new Error(
            'User: arn:aws:iam::123456789012:user/ops is not authorized to perform: cloudformation:DescribeStacks on resource: arn:aws:cloudformation:eu-west-1:123456789012:stack/OnboardingProd/* because no identity-based policy allows the cloudformation:DescribeStacks action',
          ),
          { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } },
        ),
      );
    await expect(cli('list', '--stack', 'OnboardingProd')).rejects.toThrow(
      'AWS refused cloudformation:DescribeStacks on arn:aws:cloudformation:eu-west-1:123456789012:stack/OnboardingProd/*: your AWS identity is not allowed to do that (IAM denied it).',
    );
  });

  it('IAM denied on the table, after the stack was found', async () => {
    dynamoMock
      .on(QueryCommand)
      .rejects(
        Object.assign(
          new Error(
            `User: arn:aws:sts::123456789012:assumed-role/ReadOnly/ada is not authorized to perform: dynamodb:Query on resource: arn:aws:dynamodb:eu-west-1:123456789012:table/${OUTPUTS.TableName}/index/by-stage because no identity-based policy allows the dynamodb:Query action`,
          ),
          { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } },
        ),
      );
    await expect(cli('list', '--stack', 'OnboardingProd')).rejects.toThrow(
      `AWS refused dynamodb:Query on arn:aws:dynamodb:eu-west-1:123456789012:table/${OUTPUTS.TableName}/index/by-stage: your AWS identity is not allowed to do that`,
    );
  });

  it('no credentials', async () => {
    cfnMock.on(DescribeStacksCommand).rejects(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    );
    await expect(cli('list', '--stack', 'OnboardingProd')).rejects.toThrow(
      /^No AWS credentials found: sign in as for the AWS CLI/,
    );
  });

  it('no region', async () => {
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent');
    await expect(cli('list', '--stack', 'OnboardingProd')).rejects.toThrow(
      'No AWS region: add --region (the region stack OnboardingProd is deployed in) or set AWS_REGION.',
    );
    expect(cfnMock.calls()).toHaveLength(0);
  });

  it('--stack with --local is refused', async () => {
    await expect(cli('list', '--stack', 'OnboardingProd', '--local')).rejects.toThrow(
      '--stack and --local name two different systems: give one of them.',
    );
  });

  it('without --stack, the table names the simple way out', async () => {
    await expect(cli('list')).rejects.toThrow(
      'list needs the stack: --stack NAME (or TABLE_NAME and STATE_MACHINE_ARN, its outputs), or --local.',
    );
  });
});
