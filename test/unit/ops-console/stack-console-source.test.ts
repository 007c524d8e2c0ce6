import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PeopleApiCall } from '../../../functions/cli/people-api.ts';
import { InvalidInputError } from '../../../functions/domain/errors.ts';
import { createLogger } from '../../../functions/observability/logger.ts';
import { stackConsoleSource } from '../../../ops-console/stack-console-source.ts';
import { readAslText } from '../../../statemachine/definition.ts';

/** The console's source for a deployed stack, with the SDK stubbed at the client and a recording API. */
const RESOURCES = {
  stackName: 'OnboardingProd',
  region: 'eu-west-1',
  tableName: 'OnboardingProd-Onboardings-1A2B3C',
  stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:OnboardingProd',
  apiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/',
};
const ID = 'acme-software-abcdefgh';

const sfnMock = mockClient(SFNClient);
const documentsMock = mockClient(DynamoDBDocumentClient);
let calls: { method: string; path: string; body?: unknown }[];
let answer: { status: number; body: unknown };

function source() {
  const api: PeopleApiCall = async (method, path, body) => {
    calls.push({ method, path, ...(body === undefined ? {} : { body: JSON.parse(JSON.stringify(body)) }) });
    return answer;
  };
  return stackConsoleSource({
    resources: RESOURCES,
    dynamodb: new DynamoDBClient({ region: 'eu-west-1' }),
    sfn: new SFNClient({ region: 'eu-west-1' }),
    api,
    logger: createLogger({ service: 'test' }, () => {}),
  });
}

/** The table answers a read of one wait (its item; no settled note) of Acme Mail's integration. */
function stubWait(waitKey: string) {
  documentsMock.on(BatchGetCommand).resolves({
    Responses: {
      [RESOURCES.tableName]: [
        {
          pk: `ONBOARDING#${ID}`,
          sk: `WAIT#${waitKey}`,
          waitKey,
          stage: 'technical-integration',
          product: 'Acme Mail',
        },
      ],
    },
  });
}

const denied = (action: string, resource: string) =>
  Object.assign(
    new Error(
      `User: arn:aws:sts::123456789012:assumed-role/ReadOnly/ada is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
    ),
    { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } },
  );

beforeEach(() => {
  sfnMock.reset();
  documentsMock.reset();
  calls = [];
  answer = { status: 200, body: {} };
});

describe('the console’s source for a deployed stack', () => {
  it('draws the deployed definition (DescribeStateMachine) and reads executions and history from Step Functions', async () => {
    sfnMock.on(DescribeStateMachineCommand).resolves({ definition: readAslText() } as never);
    sfnMock.on(ListExecutionsCommand).resolves({
      executions: [
        { executionArn: 'arn:e1', name: ID, status: 'RUNNING', startDate: new Date(1), stateMachineArn: 'x' },
        {
          executionArn: 'arn:e2',
          name: 'other-company-abcdefgh',
          status: 'RUNNING',
          startDate: new Date(1),
          stateMachineArn: 'x',
        },
      ],
    });
    sfnMock.on(GetExecutionHistoryCommand).resolves({
      events: [
        {
          id: 1,
          timestamp: new Date(),
          type: 'TaskStateEntered',
          stateEnteredEventDetails: { name: 'Provider' },
        },
      ],
    });
    const stack = source();
    expect((await stack.machine()).StartAt).toBe(JSON.parse(readAslText()).StartAt);
    expect(sfnMock.commandCalls(DescribeStateMachineCommand)[0]?.args[0].input).toEqual({
      stateMachineArn: RESOURCES.stateMachineArn,
    });
    expect((await stack.executions(ID)).map((execution) => execution.name)).toEqual([ID]);
    expect(sfnMock.commandCalls(ListExecutionsCommand)[0]?.args[0].input.stateMachineArn).toBe(
      RESOURCES.stateMachineArn,
    );
    expect(await stack.history('arn:e1')).toEqual([
      { type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'Provider' } },
    ]);
  });

  it('hands a step over through the API with the step’s stage and product, never writing the table itself', async () => {
    stubWait('technical-integration#Acme Mail');
    answer = { status: 200, body: { outcome: 'handed-over' } };
    const notice = await source().act(
      ID,
      'hand-over',
      new URLSearchParams({
        wait: 'technical-integration#Acme Mail',
        to: 'pe@marketplace.example',
        note: '',
      }),
    );
    expect(notice).toBe('handed-over');
    expect(calls).toEqual([
      {
        method: 'POST',
        path: `/onboardings/${ID}/hand-over`,
        body: { stage: 'technical-integration', product: 'Acme Mail', to: 'pe@marketplace.example' },
      },
    ]);
    expect(
      Object.keys(documentsMock.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems ?? {}),
    ).toEqual([RESOURCES.tableName]);
    expect(documentsMock.calls().every((call) => call.args[0] instanceof BatchGetCommand)).toBe(true);
  });

  it('asks on a step through the signed messages route with its stage, product, kind, text and submission id', async () => {
    stubWait('technical-integration#Acme Mail#e1');
    const form = new URLSearchParams({
      wait: 'technical-integration#Acme Mail#e1',
      kind: 'question',
      message: 'Which region?',
      submission: 'console-submission-0001',
    });
    answer = { status: 201, body: { outcome: 'posted', kind: 'question' } };
    expect(await source().act(ID, 'message', form)).toBe('question-sent');
    answer = { status: 200, body: { outcome: 'already-posted', kind: 'question' } };
    expect(await source().act(ID, 'message', form)).toBe('message-already-sent');
    const sent = {
      method: 'POST',
      path: `/onboardings/${ID}/messages`,
      body: {
        stage: 'technical-integration',
        product: 'Acme Mail',
        kind: 'question',
        message: 'Which region?',
        submission: 'console-submission-0001',
      },
    };
    expect(calls).toEqual([sent, sent]);
    expect(documentsMock.calls().every((call) => call.args[0] instanceof BatchGetCommand)).toBe(true);

    // The stack's limits and refusals come back as the words the page shows.
    answer = {
      status: 429,
      body: { message: 'Too many messages on this step in the last hour. Nothing was sent.' },
    };
    await expect(source().act(ID, 'message', form)).rejects.toThrow(
      'Too many messages on this step in the last hour. Nothing was sent.',
    );
    answer = {
      status: 400,
      body: { message: 'Nothing was sent', fieldErrors: { message: 'Write your message.' } },
    };
    const refused = await source()
      .act(ID, 'message', form)
      .catch((error: unknown) => error);
    expect((refused as InvalidInputError).fieldErrors).toEqual({ message: 'Write your message.' });
  });

  it('turns the API’s refusals into the errors the forms show, by field', async () => {
    answer = {
      status: 400,
      body: { message: 'The rep was not changed', fieldErrors: { email: 'Enter an email address' } },
    };
    const refused = await source()
      .act(ID, 'rep', new URLSearchParams({ email: 'nope' }))
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect((refused as InvalidInputError).fieldErrors).toEqual({ email: 'Enter an email address' });
  });

  it('says when IAM refuses the API call, naming execute-api:Invoke and the API', async () => {
    answer = { status: 403, body: { message: 'Forbidden' } };
    await expect(source().act(ID, 'contact', new URLSearchParams({ email: 'a@b.example' }))).rejects.toThrow(
      `AWS refused execute-api:Invoke on ${RESOURCES.apiUrl} (POST /onboardings/${ID}/contact): your AWS identity is not allowed to call the stack's API (IAM denied it).`,
    );
  });

  it('explains an SDK refusal by IAM, and no credentials, in plain words; other errors stay unexplained', () => {
    const stack = source();
    expect(
      stack.explain(
        denied('states:GetExecutionHistory', 'arn:aws:states:eu-west-1:123456789012:execution:x'),
      ),
    ).toEqual({
      status: 403,
      title: 'AWS refused',
      text: 'AWS refused states:GetExecutionHistory on arn:aws:states:eu-west-1:123456789012:execution:x: your AWS identity is not allowed to do that (IAM denied it). Ask for that permission, or use a role that has it.',
    });
    expect(
      stack.explain(
        Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        }),
      )?.title,
    ).toBe('No AWS credentials');
    expect(stack.explain(new Error('boom'))).toBeUndefined();
  });

  it('stops through the API with the reason given', async () => {
    answer = { status: 200, body: { onboardingId: ID, executionsStopped: 1, stepsClosed: 1 } };
    expect(await source().act(ID, 'stop', new URLSearchParams({ reason: 'Signed elsewhere' }))).toBe(
      'stopped',
    );
    expect(calls).toEqual([
      { method: 'POST', path: `/onboardings/${ID}/stop`, body: { reason: 'Signed elsewhere' } },
    ]);
  });

  it('resends a step’s link through the API, and says when the limits held it back', async () => {
    const stack = source();
    expect(stack.offers).toEqual({ resend: true, stop: true });
    const onboarding = { id: ID } as never;
    const wait = { stage: 'portal-access', waitKey: 'portal-access' } as never;
    answer = { status: 200, body: { outcome: 'sent' } };
    expect(await stack.resend(onboarding, wait)).toBe('resent');
    answer = { status: 200, body: { outcome: 'suppressed' } };
    expect(await stack.resend(onboarding, wait)).toBe('resend-limited');
    expect(calls[0]).toEqual({
      method: 'POST',
      path: `/onboardings/${ID}/resend`,
      body: { stage: 'portal-access' },
    });
  });
});
