import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoDbStore } from '../../../functions/adapters/dynamodb-store.ts';
import { createSfnStarter } from '../../../functions/adapters/sfn-workflow.ts';
import { TransientError } from '../../../functions/adapters/transient-error.ts';
import { DUPLICATE_START_SECONDS } from '../../../functions/domain/start-once.ts';
import { startOnboardingHandler } from '../../../functions/http/start-onboarding-handler.ts';
import { createLogger } from '../../../functions/observability/logger.ts';
import { apiEvent, lambdaContext } from '../../support/api-events.ts';
import { type LocalTable, startDynalite } from '../../support/dynalite.ts';
import { tableItems } from '../../support/table-items.ts';

const sfn = mockClient(SFNClient);
const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:marketplace-onboarding';
let table: LocalTable;
let handler: ReturnType<typeof startOnboardingHandler>;
const now = { value: new Date('2026-11-24T10:00:00Z') };
let company = 0;

beforeAll(async () => {
  table = await startDynalite();
  handler = startOnboardingHandler({
    store: createDynamoDbStore({ client: table.documentClient, tableName: table.tableName }),
    starter: createSfnStarter(new SFNClient({ region: 'us-east-1' }), STATE_MACHINE),
    waits: { providerWaitSeconds: 3600, teamWaitSeconds: 1800 },
    clock: () => now.value,
    logger: createLogger({}, () => {}),
  });
});
afterAll(() => table.stop());
const started = (input: { name: string }) => ({
  executionArn: `${STATE_MACHINE.replace(':stateMachine:', ':execution:')}:${input.name}`,
  startDate: new Date(),
});
beforeEach(() => {
  sfn.reset();
  sfn.on(StartExecutionCommand).callsFake(started);
});

/** A start request of its own company, so tests never look like duplicates of each other. */
function newStart(overrides: Record<string, unknown> = {}) {
  company += 1;
  return {
    company: `Acme ${company}`,
    contactName: 'Ada Lovelace',
    contactEmail: 'ada@acme.example',
    repEmail: 'rep@marketplace.example',
    ...overrides,
  };
}

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await handler(
    apiEvent({
      method: 'POST',
      path: '/onboardings',
      body: JSON.stringify(body),
      contentType: 'application/json',
      iamPrincipal: 'arn:aws:iam::123456789012:user/ops',
      headers,
    }),
    lambdaContext,
  );
  // A 500 has no body: http-error-handler keeps the detail in the log.
  const answer = response.body ? (JSON.parse(response.body) as Record<string, string>) : {};
  return { status: response.statusCode, body: answer };
}

const profiles = async () =>
  (await tableItems(table)).filter(
    (item) => String(item.pk).startsWith('ONBOARDING#') && item.sk === 'PROFILE',
  );

describe('POST /onboardings with an idempotency key', () => {
  it('answers a repeat with the same key and body with the same onboarding (200), starting one execution', async () => {
    const body = newStart();
    const first = await post(body, { 'Idempotency-Key': 'key-1' });
    const again = await post(body, { 'Idempotency-Key': 'key-1' });

    expect(first.status).toBe(201);
    expect(again).toEqual({ status: 200, body: first.body });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  it('takes the key as the clientToken field too', async () => {
    const body = newStart();
    const first = await post({ ...body, clientToken: 'token-2' });
    const again = await post(body, { 'Idempotency-Key': 'token-2' });

    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.onboardingId).toBe(first.body.onboardingId);
  });

  it('refuses the same key with another body (409), starting nothing', async () => {
    await post(newStart(), { 'Idempotency-Key': 'key-3' });
    const before = await profiles();

    const other = await post(newStart(), { 'Idempotency-Key': 'key-3' });

    expect(other.status).toBe(409);
    expect(other.body.message).toContain('idempotency key was already used');
    expect(await profiles()).toEqual(before);
  });

  it('starts one onboarding for 20 concurrent repeats of one keyed request', async () => {
    const body = newStart();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => post(body, { 'Idempotency-Key': 'key-concurrent' })),
    );

    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
    // The others are told the same onboarding, or, while it is still starting, to try again.
    for (const answer of answers.filter((candidate) => candidate.status !== 201)) {
      expect([200, 409]).toContain(answer.status);
      if (answer.status === 409) expect(answer.body.message).toContain('still being started');
    }
  });

  it('refuses a malformed key, or a header and field that disagree', async () => {
    expect((await post(newStart(), { 'Idempotency-Key': 'not a key!' })).status).toBe(400);
    const disagree = await post({ ...newStart(), clientToken: 'a' }, { 'Idempotency-Key': 'b' });
    expect(disagree.status).toBe(400);
    expect(disagree.body.message).toContain('differ');
  });
});

describe('POST /onboardings without a key', () => {
  it('refuses an identical start within 15 minutes with 409 naming the first', async () => {
    const body = newStart();
    const first = await post(body);
    now.value = new Date(now.value.getTime() + 60_000);

    const again = await post({ ...body, company: body.company.toUpperCase() });

    expect(again.status).toBe(409);
    expect(again.body.message).toContain(first.body.onboardingId);
    expect(again.body.message).toContain('"force": true');
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  it('starts it again with force, or after 15 minutes', async () => {
    const body = newStart();
    await post(body);

    const forced = await post({ ...body, force: true });
    now.value = new Date(now.value.getTime() + DUPLICATE_START_SECONDS * 1000 + 1000);
    const later = await post(body);

    expect([forced.status, later.status]).toEqual([201, 201]);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(3);
  });

  it('refuses a second start with a new key but the same details (a re-run CLI command)', async () => {
    const body = newStart();
    await post(body, { 'Idempotency-Key': 'run-1' });

    const rerun = await post(body, { 'Idempotency-Key': 'run-2' });

    expect(rerun.status).toBe(409);
    // The refused key is released: the same key with force goes through.
    expect((await post({ ...body, force: true }, { 'Idempotency-Key': 'run-2' })).status).toBe(201);
  });

  it('releases its claims when the execution cannot be started, so a retry works', async () => {
    const body = newStart();
    sfn
      .on(StartExecutionCommand)
      .rejectsOnce(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }))
      .callsFake(started);

    expect((await post(body, { 'Idempotency-Key': 'retry-me' })).status).toBe(500);
    expect((await post(body, { 'Idempotency-Key': 'retry-me' })).status).toBe(201);
  });

  it('lets a retry take over a start that crashed before it could release its claims, once it is a minute old', async () => {
    const body = newStart();
    const store = createDynamoDbStore({ client: table.documentClient, tableName: table.tableName });
    const crashing = startOnboardingHandler({
      store: { ...store, releaseStartClaims: async () => Promise.reject(new Error('connection reset')) },
      starter: createSfnStarter(new SFNClient({ region: 'us-east-1' }), STATE_MACHINE),
      waits: { providerWaitSeconds: 3600, teamWaitSeconds: 1800 },
      clock: () => now.value,
      logger: createLogger({}, () => {}),
    });
    sfn
      .on(StartExecutionCommand)
      .rejectsOnce(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }))
      .callsFake(started);
    const event = apiEvent({
      method: 'POST',
      path: '/onboardings',
      body: JSON.stringify(body),
      contentType: 'application/json',
      iamPrincipal: 'arn:aws:iam::123456789012:user/ops',
      headers: { 'Idempotency-Key': 'crashed' },
    });
    expect((await crashing(event, lambdaContext)).statusCode).toBe(500);

    const tooSoon = await post(body, { 'Idempotency-Key': 'crashed' });
    now.value = new Date(now.value.getTime() + 61_000);
    const takenOver = await post(body, { 'Idempotency-Key': 'crashed' });

    expect(tooSoon.status).toBe(409);
    expect(takenOver.status).toBe(201);
    expect((await post(body, { 'Idempotency-Key': 'crashed' })).body.onboardingId).toBe(
      takenOver.body.onboardingId,
    );
  });

  it('answers 201 when only noting the start on its key fails, and never starts that onboarding twice', async () => {
    const body = newStart();
    const store = createDynamoDbStore({ client: table.documentClient, tableName: table.tableName });
    const forgetful = startOnboardingHandler({
      store: {
        ...store,
        completeStartKey: async () =>
          Promise.reject(new TransientError('DynamoDB UpdateItem failed', { cause: new Error('reset') })),
      },
      starter: createSfnStarter(new SFNClient({ region: 'us-east-1' }), STATE_MACHINE),
      waits: { providerWaitSeconds: 3600, teamWaitSeconds: 1800 },
      clock: () => now.value,
      logger: createLogger({}, () => {}),
    });
    const event = apiEvent({
      method: 'POST',
      path: '/onboardings',
      body: JSON.stringify(body),
      contentType: 'application/json',
      iamPrincipal: 'arn:aws:iam::123456789012:user/ops',
      headers: { 'Idempotency-Key': 'forgotten' },
    });

    expect((await forgetful(event, lambdaContext)).statusCode).toBe(201);
    expect((await post(body, { 'Idempotency-Key': 'forgotten' })).status).toBe(409);
    now.value = new Date(now.value.getTime() + 61_000);
    expect((await post(body, { 'Idempotency-Key': 'forgotten' })).status).toBe(409);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });
});
