import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mintLinkId, sha256Hex } from '../../../functions/domain/action-links.ts';
import type { Onboarding, Wait } from '../../../functions/domain/model.ts';
import { actionApiHandler, type OrphanRecovery } from '../../../functions/http/action-api-handler.ts';
import { apiEvent, formBody, lambdaContext } from '../../support/api-events.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { sfn, type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

/** A person answers a step already decided while the onboarding's execution is gone: it is resumed, once. */
let h: UnitHarness;
let onboarding: Onboarding;
let wait: Wait;
let linkId: string;
const started: string[] = [];

function recovery(status: string | undefined): OrphanRecovery {
  return {
    starter: {
      startExecution: async ({ name }) => {
        started.push(name);
        return { executionArn: `arn:aws:states:us-east-1:123456789012:execution:onboarding:${name}` };
      },
    },
    executions: { listNames: async () => [], statusOf: async () => status },
  };
}

async function answer(status: string | undefined): Promise<APIGatewayProxyStructuredResultV2> {
  const handler = actionApiHandler(h.deps, recovery(status));
  return (await handler(
    apiEvent({
      method: 'POST',
      path: `/a/${linkId}`,
      pathParameters: { id: linkId },
      body: formBody({ alias: 'ACME' }),
      contentType: 'application/x-www-form-urlencoded',
    }),
    lambdaContext,
  )) as APIGatewayProxyStructuredResultV2;
}

beforeEach(async () => {
  h = await unitHarness();
  started.length = 0;
  sfn.on(SendTaskSuccessCommand).resolves({});
  onboarding = await seedOnboarding(h.deps.store, { executionStartedAt: '2026-11-24T09:00:00.000Z' });
  wait = await seedWait(h.deps.store, onboarding, 'cloud-account');
  linkId = mintLinkId(onboarding.id);
  await h.deps.store.putLink({
    idHash: sha256Hex(linkId),
    onboardingId: onboarding.id,
    waitKey: wait.waitKey,
    stage: wait.stage,
    role: wait.role,
    recipient: wait.recipient,
    createdAt: '2026-11-24T09:30:00.000Z',
    expiresAt: '2026-12-24T09:30:00.000Z',
  });
});
afterEach(() => h.table.stop());

describe('an answer to a decided step whose execution is gone', () => {
  it('resumes the onboarding, once, and audits that it was found orphaned', async () => {
    expect((await answer('RUNNING')).statusCode).toBe(200);
    expect(started).toEqual([]);

    // The execution was aborted meanwhile: the retried answer sets the onboarding moving again.
    expect((await answer('ABORTED')).statusCode).toBe(409);
    expect(started).toHaveLength(1);
    expect(started[0]).toMatch(new RegExp(`^${onboarding.id}-resume-\\d+$`));
    const events = (await h.deps.store.listEvents(onboarding.id)).map((event) => event.type);
    expect(events.filter((type) => type === 'orphan-found')).toHaveLength(1);

    // Its new execution runs now: a third answer starts nothing more.
    expect((await answer('RUNNING')).statusCode).toBe(409);
    expect(started).toHaveLength(1);
  });

  it('leaves a running onboarding alone: "already done" only', async () => {
    expect((await answer('RUNNING')).statusCode).toBe(200);
    expect((await answer('RUNNING')).statusCode).toBe(409);
    expect(started).toEqual([]);
  });
});
