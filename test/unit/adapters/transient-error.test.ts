import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createDynamoDbStore } from '../../../functions/adapters/dynamodb-store.ts';
import {
  isTransientAwsError,
  mapTransient,
  TransientError,
} from '../../../functions/adapters/transient-error.ts';
import { aDecision, anOnboarding } from './dynamodb-fixtures.ts';

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
const named = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), { name, ...extra });

describe('isTransientAwsError', () => {
  it.each([
    ['throttling', new ThrottlingException({ message: 'Rate exceeded', ...metadata(400) })],
    [
      'provisioned throughput',
      new ProvisionedThroughputExceededException({ message: 'Too much', ...metadata(400) }),
    ],
    ['request limit', named('RequestLimitExceeded', metadata(400))],
    ['internal server error', named('InternalServerError', metadata(500))],
    ['service unavailable', named('ServiceUnavailable', metadata(503))],
    ['any 5xx', named('SomethingNew', metadata(502))],
    ['SDK timeout', named('TimeoutError')],
    ['connection reset', named('Error', { code: 'ECONNRESET' })],
    ['connection refused', named('Error', { code: 'ECONNREFUSED' })],
    ['socket error wrapped once', named('TypeError', { cause: { code: 'ECONNRESET' } })],
    [
      'SDK-marked retryable',
      named('SomeServiceThrottle', { ...metadata(400), $retryable: { throttling: true } }),
    ],
  ])('recognises %s', (_, error) => {
    expect(isTransientAwsError(error)).toBe(true);
  });

  it.each([
    ['a failed condition', new ConditionalCheckFailedException({ message: 'no', ...metadata(400) })],
    ['a validation error', named('ValidationException', metadata(400))],
    ['access denied', named('AccessDeniedException', metadata(403))],
    ['a plain bug', new TypeError('x is undefined')],
    ['a non-error', 'ECONNRESET'],
    ['nothing', undefined],
  ])('does not retry %s', (_, error) => {
    expect(isTransientAwsError(error)).toBe(false);
  });
});

describe('mapTransient', () => {
  it('wraps a transient failure in a TransientError naming the operation and keeping the cause', async () => {
    const cause = new ThrottlingException({ message: 'Rate exceeded', ...metadata(400) });
    const error = await mapTransient('SES SendEmail', () => Promise.reject(cause)).catch(
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({
      name: 'TransientError',
      cause,
      message: 'SES SendEmail failed transiently (ThrottlingException)',
    });
  });
});

describe('DynamoDB store under AWS failures (mocked client)', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const store = createDynamoDbStore({
    client: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    tableName: 'onboarding',
  });
  afterEach(() => ddb.reset());

  it('turns a ThrottlingException into a TransientError the state machine retries', async () => {
    const throttled = new ThrottlingException({ message: 'Rate exceeded', ...metadata(400) });
    ddb.on(GetCommand).rejects(throttled);

    const error = await store.getOnboarding('acme-1').catch((err: unknown) => err);

    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).name).toBe('TransientError');
    expect((error as TransientError).cause).toBe(throttled);
  });

  it('turns a 5xx during a conditional write into a TransientError, not a lost decision', async () => {
    ddb.on(UpdateCommand).rejects(named('InternalServerError', metadata(500)));

    await expect(store.decideWait('acme-1', 'portal-access#-#e1', aDecision())).rejects.toBeInstanceOf(
      TransientError,
    );
  });

  it('still treats a failed condition as an answer, not an error', async () => {
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', ...metadata(400) }));

    expect(await store.createOnboarding(anOnboarding())).toBe('exists');
  });

  it('never puts a task token in a TransientError message', async () => {
    ddb.on(PutCommand).rejects(named('ServiceUnavailable', metadata(503)));
    const error = await store
      .openWait({
        onboardingId: 'acme-1',
        waitKey: 'portal-access#-#e1',
        stage: 'portal-access',
        role: 'rep',
        recipient: 'rep@marketplace.example',
        status: 'pending',
        taskToken: 'SECRET-TOKEN',
        enteredAt: 't',
        deadline: 't',
        timeoutSeconds: 1,
        reminders: 0,
        escalations: 0,
      })
      .catch((err: unknown) => err);

    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).not.toContain('SECRET-TOKEN');
  });
});

describe('the cause a transient failure keeps', () => {
  it('names a refused connection after the plain sentence', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' }),
    });
    const failure = await mapTransient('DynamoDB Query', () => Promise.reject(refused)).catch((e) => e);
    expect(failure).toBeInstanceOf(TransientError);
    expect(failure.message).toBe(
      'DynamoDB Query failed transiently (TypeError): connection refused (ECONNREFUSED)',
    );
    expect(failure.noSpace).toBe(false);
  });

  it('names a full disk, and marks it so the page can say the answer may not be saved', async () => {
    const full = named('InternalServerError', {
      ...metadata(500),
      message: 'The DynamoDB stand-in refused this write: no space left (ENOSPC). Nothing was written.',
    });
    const failure = await mapTransient('DynamoDB UpdateItem', () => Promise.reject(full)).catch((e) => e);
    expect(failure.message).toBe(
      'DynamoDB UpdateItem failed transiently (InternalServerError): no space left on device (ENOSPC)',
    );
    expect(failure.noSpace).toBe(true);
  });

  it('never copies an error text it does not know', async () => {
    const other = named('InternalServerError', { ...metadata(500), message: 'token AAAA-secret failed' });
    const failure = await mapTransient('SFN SendTaskSuccess', () => Promise.reject(other)).catch((e) => e);
    expect(failure.message).toBe('SFN SendTaskSuccess failed transiently (InternalServerError)');
  });
});
