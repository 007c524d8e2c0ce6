import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoDbStore } from '../../../functions/adapters/dynamodb-store.ts';
import { createSfnStarter } from '../../../functions/adapters/sfn-workflow.ts';
import { startOnboardingHandler } from '../../../functions/http/start-onboarding-handler.ts';
import { createLogger } from '../../../functions/observability/logger.ts';
import { apiEvent, lambdaContext } from '../../support/api-events.ts';
import { type LocalTable, startDynalite } from '../../support/dynalite.ts';
import { tableItems } from '../../support/table-items.ts';

const sfn = mockClient(SFNClient);
const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:marketplace-onboarding';
const OPS = 'arn:aws:iam::123456789012:user/ops';
let table: LocalTable;
let handler: ReturnType<typeof startOnboardingHandler>;
const logLines: string[] = [];

beforeAll(async () => {
  table = await startDynalite();
  handler = startOnboardingHandler({
    store: createDynamoDbStore({ client: table.documentClient, tableName: table.tableName }),
    starter: createSfnStarter(new SFNClient({ region: 'us-east-1' }), STATE_MACHINE),
    waits: { providerWaitSeconds: 3600, teamWaitSeconds: 1800 },
    clock: () => new Date('2026-11-24T10:00:00Z'),
    logger: createLogger({}, (line) => logLines.push(line)),
  });
});
afterAll(() => table.stop());
beforeEach(() => {
  sfn.reset();
  sfn.on(StartExecutionCommand).callsFake((input: { name: string }) => ({
    executionArn: `${STATE_MACHINE.replace(':stateMachine:', ':execution:')}:${input.name}`,
    startDate: new Date(),
  }));
});

const valid = {
  company: 'Acme Software',
  contactName: 'Ada Lovelace',
  contactEmail: 'Ada@Acme.example',
  repEmail: 'rep@marketplace.example',
};

function post(body: string, options: { contentType?: string; iamPrincipal?: string } = {}) {
  return handler(
    apiEvent({
      method: 'POST',
      path: '/onboardings',
      body,
      contentType: options.contentType ?? 'application/json',
      iamPrincipal: 'iamPrincipal' in options ? options.iamPrincipal : OPS,
    }),
    lambdaContext,
  );
}

describe('POST /onboardings', () => {
  it('records the onboarding and starts an execution named after it', async () => {
    const response = await post(JSON.stringify(valid));

    expect(response.statusCode).toBe(201);
    const body = JSON.parse(response.body as string) as { onboardingId: string; executionName: string };
    expect(body.onboardingId).toMatch(/^acme-software-[a-z2-9]{8}$/);
    expect(body.executionName).toBe(body.onboardingId);
    const call = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(call?.name).toBe(body.onboardingId);
    expect(call?.stateMachineArn).toBe(STATE_MACHINE);
    expect(JSON.parse(call?.input ?? '{}')).toEqual({
      summary: `Acme Software: marketplace onboarding ${body.onboardingId}, starting at cloud-account`,
      onboardingId: body.onboardingId,
      company: 'Acme Software',
      startAt: 'cloud-account',
      step: {},
      // Each stage's due time: its usual days plus a quarter, in whole days (no history yet).
      config: {
        providerWaitSeconds: 3600,
        teamWaitSeconds: 1800,
        dueSeconds: expect.objectContaining({ cloudAccount: 3 * 86_400, productContent: 18 * 86_400 }),
      },
    });
    const items = await tableItems(table);
    const profile = items.find(
      (item) => item.pk === `ONBOARDING#${body.onboardingId}` && item.sk === 'PROFILE',
    );
    expect(profile).toMatchObject({
      company: 'Acme Software',
      contactEmail: 'ada@acme.example',
      stage: 'cloud-account',
    });
  });

  it('keeps contact details out of the execution input', async () => {
    // Another company: the same start again within 15 minutes would be refused as a duplicate.
    expect((await post(JSON.stringify({ ...valid, company: 'Acme Input' }))).statusCode).toBe(201);
    const input = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? '';
    expect(input).not.toContain('acme.example');
    expect(input).not.toContain('Ada Lovelace');
  });

  const refused: [string, string, { contentType?: string; iamPrincipal?: string }, number, RegExp][] = [
    ['an unsigned request', JSON.stringify(valid), { iamPrincipal: undefined }, 403, /SigV4/],
    ['malformed JSON', '{"company": ', {}, 400, /not valid JSON/],
    ['an empty body', '', {}, 400, /empty/],
    ['an unknown field', JSON.stringify({ ...valid, admin: true }), {}, 400, /admin/],
    [
      'markup in the company name',
      JSON.stringify({ ...valid, company: '<script>x</script>' }),
      {},
      400,
      /cannot contain < or >/,
    ],
    [
      'a header injection in the contact email',
      JSON.stringify({ ...valid, contactEmail: 'a@b.example\r\nBcc: x@y.example' }),
      {},
      400,
      /single email address/,
    ],
    [
      'a missing rep email',
      JSON.stringify({ ...valid, repEmail: undefined }),
      {},
      400,
      /Rep email is required/,
    ],
    ['an oversized body', JSON.stringify({ ...valid, company: 'x'.repeat(20_000) }), {}, 413, /too large/],
    ['a text/plain body', JSON.stringify(valid), { contentType: 'text/plain' }, 415, /content type/],
    [
      'a form body (the API takes JSON)',
      'company=Acme',
      { contentType: 'application/x-www-form-urlencoded' },
      415,
      /application\/json/,
    ],
    [
      'a non-UTF-8 charset',
      JSON.stringify(valid),
      { contentType: 'application/json; charset=utf-7' },
      415,
      /UTF-8/,
    ],
  ];

  it.each(refused)(
    'refuses %s with a clear message and writes nothing',
    async (_name, body, options, status, message) => {
      const before = await tableItems(table);

      const response = await post(body, options);

      expect(response.statusCode).toBe(status);
      expect((JSON.parse(response.body as string) as { message: string }).message + response.body).toMatch(
        message,
      );
      expect(await tableItems(table)).toEqual(before);
      expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    },
  );

  it('removes the record again when the execution cannot be started', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const before = await tableItems(table);

    const response = await post(JSON.stringify({ ...valid, company: 'Acme Unstartable' }));

    expect(response.statusCode).toBe(500);
    expect(response.body ?? '').not.toContain('denied');
    expect(await tableItems(table)).toEqual(before);
  });
});
