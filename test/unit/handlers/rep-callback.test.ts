import { SESClient } from '@aws-sdk/client-ses';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoDbStore } from '../../../functions/adapters/dynamodb-store.ts';
import { createSesMailer } from '../../../functions/adapters/ses-mailer.ts';
import { createSfnCallbacks } from '../../../functions/adapters/sfn-workflow.ts';
import type { Dependencies } from '../../../functions/domain/dependencies.ts';
import type { Onboarding } from '../../../functions/domain/model.ts';
import { repCallbackHandler } from '../../../functions/http/rep-callback-handler.ts';
import { createLogger } from '../../../functions/observability/logger.ts';
import { apiEvent, lambdaContext } from '../../support/api-events.ts';
import { type LocalTable, startDynalite } from '../../support/dynalite.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { tableItems } from '../../support/table-items.ts';
import { testConfig } from '../../support/test-config.ts';

const sfn = mockClient(SFNClient);
const REP_SYSTEM = 'arn:aws:iam::123456789012:role/rep-tooling';
let table: LocalTable;
let deps: Dependencies;
let onboarding: Onboarding;
let handler: ReturnType<typeof repCallbackHandler>;

beforeEach(async () => {
  sfn.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
  table = await startDynalite();
  const store = createDynamoDbStore({ client: table.documentClient, tableName: table.tableName });
  deps = {
    store,
    mailer: createSesMailer({
      client: new SESClient({ region: 'us-east-1' }),
      from: 'onboarding@marketplace.example',
    }),
    workflow: createSfnCallbacks(new SFNClient({ region: 'us-east-1' })),
    config: testConfig(),
    clock: () => new Date('2026-11-24T10:00:00Z'),
    logger: createLogger({}, () => {}),
  };
  onboarding = await seedOnboarding(store);
  handler = repCallbackHandler(deps);
});
afterEach(() => table.stop());

function callback(body: unknown, options: { iamPrincipal?: string; onboardingId?: string } = {}) {
  const onboardingId = options.onboardingId ?? onboarding.id;
  return handler(
    apiEvent({
      method: 'POST',
      path: `/callbacks/${onboardingId}`,
      pathParameters: { onboardingId },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      contentType: 'application/json',
      iamPrincipal: 'iamPrincipal' in options ? options.iamPrincipal : REP_SYSTEM,
    }),
    lambdaContext,
  );
}

describe('POST /callbacks/{onboardingId}', () => {
  it('records a rep approval once and completes the waiting task', async () => {
    await seedWait(deps.store, onboarding, 'portal-access', { taskToken: 'token-portal' });

    const response = await callback({ stage: 'portal-access', decision: 'approve' });

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body as string)).toMatchObject({ outcome: 'approved' });
    const sent = sfn.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input);
    expect(sent).toEqual([{ taskToken: 'token-portal', output: JSON.stringify({ outcome: 'approved' }) }]);
    const wait = await deps.store.getCurrentWait(onboarding.id, 'portal-access');
    expect(wait?.decision?.actor).toMatchObject({ id: REP_SYSTEM, via: 'callback', ip: '203.0.113.7' });
  });

  it('answers a repeat with "already done" and sends nothing more', async () => {
    await seedWait(deps.store, onboarding, 'portal-access');
    await callback({ stage: 'portal-access', decision: 'approve' });

    const repeat = await callback({ stage: 'portal-access', decision: 'send-back', reason: 'Alias unknown' });

    expect(repeat.statusCode).toBe(409);
    expect((JSON.parse(repeat.body as string) as { message: string }).message).toContain(
      `already done by ${REP_SYSTEM}`,
    );
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it('still records the decision when the task token was rotated by a reminder', async () => {
    await seedWait(deps.store, onboarding, 'provider-credit', { taskToken: 'old-token' });
    sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('closed'), { name: 'TaskTimedOut' }));

    const response = await callback({ stage: 'provider-credit', amount: '2500.00' });

    expect(response.statusCode).toBe(200);
    expect((await deps.store.getCurrentWait(onboarding.id, 'provider-credit'))?.status).toBe('decided');
  });

  const refused: [string, unknown, { iamPrincipal?: string; onboardingId?: string }, number, RegExp][] = [
    [
      'an unsigned request',
      { stage: 'portal-access', decision: 'approve' },
      { iamPrincipal: undefined },
      403,
      /SigV4/,
    ],
    ['a provider step', { stage: 'cloud-account', alias: 'ACME' }, {}, 403, /provider's to complete/],
    ['an unknown stage', { stage: 'launch', decision: 'approve' }, {}, 400, /Unknown stage/],
    [
      'a per-product stage without a product',
      { stage: 'technical-integration', decision: 'approve' },
      {},
      400,
      /needs a "product"/,
    ],
    ['a stage that is not waiting', { stage: 'provider-credit', amount: '10' }, {}, 404, /not waiting/],
    ['malformed JSON', '{"stage":', {}, 400, /not valid JSON/],
    ['a body that is not an object', '[1,2]', {}, 400, /JSON object/],
    ['a send-back without a reason', { stage: 'portal-access', decision: 'send-back' }, {}, 400, /attention/],
    [
      'markup in the reason',
      { stage: 'portal-access', decision: 'send-back', reason: '<b>no</b>' },
      {},
      400,
      /attention/,
    ],
    [
      'an unknown onboarding id format',
      { stage: 'portal-access', decision: 'approve' },
      { onboardingId: '../etc' },
      404,
      /no onboarding/,
    ],
  ];

  it.each(refused)(
    'refuses %s with a clear message and writes nothing',
    async (_name, body, options, status, message) => {
      await seedWait(deps.store, onboarding, 'portal-access');
      const before = await tableItems(table);

      const response = await callback(body, options);

      expect(response.statusCode).toBe(status);
      expect((JSON.parse(response.body as string) as { message: string }).message).toMatch(message);
      expect(await tableItems(table)).toEqual(before);
      expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    },
  );
});
