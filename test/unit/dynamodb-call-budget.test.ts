import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoDbStore } from '../../functions/adapters/dynamodb-store.ts';
import { STAGES } from '../../functions/checklist/stages.ts';
import type { Onboarding } from '../../functions/domain/model.ts';
import { mintViewLink } from '../../functions/domain/view-links.ts';
import { actionApiHandler } from '../../functions/http/action-api-handler.ts';
import { viewPagesHandler } from '../../functions/http/view-pages-handler.ts';
import { completeOnboardingHandler } from '../../functions/tasks/complete-onboarding-handler.ts';
import { enterStageHandler } from '../../functions/tasks/enter-stage-handler.ts';
import { recordProductOutcomeHandler } from '../../functions/tasks/record-product-outcome-handler.ts';
import { remindOrEscalateHandler } from '../../functions/tasks/remind-or-escalate-handler.ts';
import { apiEvent, formBody, lambdaContext } from '../support/api-events.ts';
import { seedOnboarding, seedWait } from '../support/seed.ts';
import { ACTION_URL, sfn, type UnitHarness, unitHarness } from '../support/unit-deps.ts';

/**
 * How many DynamoDB round trips each kind of action costs, counted on dynalite (a count, not a
 * time: speed lives in `npm run bench`). Each action reads what it needs once and writes what
 * travels together in one batch; a change that adds a round trip to one of them fails here, and
 * must either find another to remove or change the count here on purpose: each kind's round trips are
 * pinned exactly (equal, not at most), so a change in either direction is seen.
 *
 * - stage entry: read the onboarding and its waits (Query); open the wait (conditional put); its
 *   queue entry, links and audit event (one batch); move the onboarding to the stage; after the
 *   email, the note that this token's email went out, which carries the email's audit event.
 * - page view: the link with the onboarding and its waits (one Query: the link id names the
 *   onboarding, and the link is stored in its partition).
 * - decision: the link with the onboarding and its waits (and settled notes); the decision with its
 *   audit event (one conditional update); after it reached Step Functions, the end of its queue
 *   entry, the stage's duration and the note that it is settled (one batch).
 * - reminder: the onboarding and its waits; the reminder loop count; the new links (one batch);
 *   after the email, its audit event, the reminder count on the wait, and the reminder's audit event.
 * - a rep's queue page: the link; the queue entries and, at the same time, the first page of the
 *   rep's portfolio (one Query on the by-rep index, whole profiles: no read per row); the waits the
 *   entries point at (one batch); the onboarding of each (one read per onboarding with a step waiting).
 * - "I'm on it" on a team's step: the link; the onboarding and the wait with its settled note (side
 *   by side; the wait and its note in one BatchGetItem); the claim (conditional update); its audit event.
 * - product outcome: the onboarding and its waits; the contact's and the rep's view links (each
 *   gets their own email; one batch); the outcome's audit event; the product's status.
 * - completion: the onboarding; the two view links (one batch); the completion's audit event; the
 *   onboarding's status.
 * - asking or answering on a step (the same path, from a step link or a checklist): the link and
 *   the onboarding with its waits and messages (one Query from a step link, whose link is stored
 *   with the onboarding; a checklist's link is read first); the step's and the recipient's send allowances (a read
 *   and a conditional write each); the message (a conditional put, written claimed for its email);
 *   the step's place in the onboarding's attention on the profile (a question adds it, an answer
 *   takes it out: the rep's portfolio shows open questions without a read per row); the other
 *   side's fresh link (one batch); after the email, the note that it went out and its audit event.
 * - a decision takes its step out of the attention in one more write only when the profile it read
 *   (or the wait) says the step is in it: a plain decision, as counted here, costs nothing more.
 *
 * Counted in a warm process, as a Lambda that has run before or the local runtime: "usually takes
 * about N days" (in every email and page) comes from stage durations read at most once every few
 * minutes, which costs one Query per stage that has a decision (counted on its own below).
 */
const ROUND_TRIPS = {
  stageEntry: ['Query', 'PutItem', 'BatchWriteItem', 'UpdateItem', 'UpdateItem'],
  view: ['Query'],
  decision: ['Query', 'UpdateItem', 'BatchWriteItem'],
  reminder: ['Query', 'UpdateItem', 'BatchWriteItem', 'PutItem', 'UpdateItem', 'PutItem'],
  repQueuePage: ['GetItem', 'Query', 'Query', 'BatchGetItem', 'GetItem'],
  claim: ['GetItem', 'GetItem', 'BatchGetItem', 'UpdateItem', 'PutItem'],
  productOutcome: ['Query', 'BatchWriteItem', 'PutItem', 'UpdateItem'],
  completion: ['GetItem', 'BatchWriteItem', 'PutItem', 'UpdateItem'],
  ask: [
    'Query',
    'GetItem',
    'PutItem',
    'GetItem',
    'PutItem',
    'PutItem',
    'UpdateItem',
    'BatchWriteItem',
    'UpdateItem',
    'PutItem',
  ],
  answer: [
    'GetItem',
    'Query',
    'GetItem',
    'PutItem',
    'GetItem',
    'PutItem',
    'PutItem',
    'UpdateItem',
    'BatchWriteItem',
    'UpdateItem',
    'PutItem',
  ],
} as const;

let h: UnitHarness;
let onboarding: Onboarding;
let calls: string[];

beforeEach(async () => {
  h = await unitHarness();
  sfn.on(SendTaskSuccessCommand).resolves({});
  // The store a handler gets (`dependencies-from-env.ts`): stage durations kept for five minutes.
  h.deps.store = createDynamoDbStore({
    client: h.table.documentClient,
    tableName: h.table.tableName,
    stageDurationsMaxAgeSeconds: 300,
  });
  onboarding = await seedOnboarding(h.deps.store);
  await h.deps.store.getStageDurations();
  calls = [];
  // The store's document client shares its middleware stack with the DynamoDB client under it.
  h.table.documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'countDynamoDbCalls' },
  );
});
afterEach(() => h.table.stop());

/** Runs one action and returns the DynamoDB operations it sent, in order. */
async function counted(action: () => Promise<unknown>): Promise<string[]> {
  calls = [];
  await action();
  return [...calls];
}

const enter = (stage: string, taskToken: string) =>
  enterStageHandler(h.deps)(
    { taskToken, onboardingId: onboarding.id, stage, timeoutSeconds: 3600, step: {} } as never,
    lambdaContext,
  );

const page = (method: 'GET' | 'POST', linkId: string, body?: string) =>
  actionApiHandler(h.deps)(
    apiEvent({
      method,
      path: `/a/${linkId}`,
      pathParameters: { id: linkId },
      body,
      contentType: body === undefined ? undefined : 'application/x-www-form-urlencoded',
    }),
    lambdaContext,
  );

function lastLinkId(): string {
  const text = h.sentEmails().at(-1)?.text ?? '';
  const url = text.match(ACTION_URL)?.[0];
  if (!url) throw new Error('No action link in the last email');
  return url.slice(url.lastIndexOf('/') + 1);
}

describe('DynamoDB round trips per action', () => {
  it(`a stage entry costs exactly ${ROUND_TRIPS.stageEntry.length}`, async () => {
    const operations = await counted(() => enter('portal-access', 'token-of-the-entry'));

    expect(h.sentEmails()).toHaveLength(1);
    expect(operations).toEqual(ROUND_TRIPS.stageEntry);
  });

  it(`a page view costs exactly ${ROUND_TRIPS.view.length}, and a decision ${ROUND_TRIPS.decision.length}`, async () => {
    await enter('portal-access', 'token-of-the-entry');
    const linkId = lastLinkId();

    const view = await counted(() => page('GET', linkId));
    const decision = await counted(() => page('POST', linkId, formBody({ decision: 'approve' })));

    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
    expect(await h.deps.store.getCurrentWait(onboarding.id, 'portal-access')).toMatchObject({
      status: 'decided',
      deliveredAt: expect.any(String),
    });
    expect(view).toEqual(ROUND_TRIPS.view);
    expect(decision).toEqual(ROUND_TRIPS.decision);
  });

  it(`a reminder costs exactly ${ROUND_TRIPS.reminder.length}`, async () => {
    await enter('portal-access', 'token-of-the-entry');

    const operations = await counted(() =>
      remindOrEscalateHandler(h.deps)(
        { onboardingId: onboarding.id, stage: 'portal-access' } as never,
        lambdaContext,
      ),
    );

    expect(h.sentEmails()).toHaveLength(2);
    expect((await h.deps.store.getCurrentWait(onboarding.id, 'portal-access'))?.reminders).toBe(1);
    expect(operations).toEqual(ROUND_TRIPS.reminder);
  });

  it(`a rep's queue page with the portfolio costs exactly ${ROUND_TRIPS.repQueuePage.length}`, async () => {
    await enter('portal-access', 'token-of-the-entry');
    const url = await mintViewLink(h.deps, {
      view: 'queue',
      recipient: onboarding.repEmail,
      opensSteps: true,
    });
    const id = url.slice(url.lastIndexOf('/') + 1);

    let body = '';
    const operations = await counted(async () => {
      const result = await viewPagesHandler(h.deps)(
        apiEvent({ method: 'GET', path: `/r/${id}`, pathParameters: { id } }),
        lambdaContext,
      );
      body = String((result as { body?: string }).body);
    });

    expect(body).toContain('Your onboardings');
    expect(body).toContain(`${onboarding.company}: Provider Portal access`);
    expect(operations).toEqual(ROUND_TRIPS.repQueuePage);
  });

  it(`"I'm on it" costs exactly ${ROUND_TRIPS.claim.length}`, async () => {
    const team = 'platform@marketplace.example';
    const wait = await seedWait(h.deps.store, onboarding, 'technical-integration', {
      product: 'Widget',
      recipient: team,
    });
    const url = await mintViewLink(h.deps, { view: 'queue', recipient: team, opensSteps: true });
    const id = url.slice(url.lastIndexOf('/') + 1);

    const operations = await counted(() =>
      viewPagesHandler(h.deps)(
        apiEvent({
          method: 'POST',
          path: `/r/${id}/claim`,
          pathParameters: { id },
          body: formBody({ onboarding: onboarding.id, wait: wait.waitKey, name: 'Ana' }),
          contentType: 'application/x-www-form-urlencoded',
        }),
        lambdaContext,
      ),
    );

    expect((await h.deps.store.getWait(onboarding.id, wait.waitKey))?.claim?.name).toBe('Ana');
    expect(operations).toEqual(ROUND_TRIPS.claim);
  });

  it(`a product outcome costs exactly ${ROUND_TRIPS.productOutcome.length}, and a completion ${ROUND_TRIPS.completion.length}`, async () => {
    const now = '2026-11-24T10:00:00.000Z';
    await h.deps.store.setProductStatus(
      onboarding.id,
      { name: 'Acme Mail', status: 'in-review', updatedAt: now },
      now,
      onboarding,
    );

    const outcome = await counted(() =>
      recordProductOutcomeHandler(h.deps)(
        { onboardingId: onboarding.id, product: 'Acme Mail', outcome: 'published' } as never,
        lambdaContext,
      ),
    );
    const completion = await counted(() =>
      completeOnboardingHandler(h.deps)({ onboardingId: onboarding.id } as never, lambdaContext),
    );

    expect(h.sentEmails()).toHaveLength(4);
    expect((await h.deps.store.getOnboarding(onboarding.id))?.status).toBe('completed');
    expect(outcome).toEqual(ROUND_TRIPS.productOutcome);
    expect(completion).toEqual(ROUND_TRIPS.completion);
  });

  it(`asking on a step costs exactly ${ROUND_TRIPS.ask.length}, answering ${ROUND_TRIPS.answer.length}; neither moves the step`, async () => {
    await enter('portal-access', 'token-of-the-entry');
    const linkId = lastLinkId();
    const waitKey = (await h.deps.store.getCurrentWait(onboarding.id, 'portal-access'))?.waitKey ?? '';

    const ask = await counted(() =>
      actionApiHandler(h.deps)(
        apiEvent({
          method: 'POST',
          path: `/a/${linkId}/messages`,
          pathParameters: { id: linkId },
          body: formBody({ message: 'Is this your production account?', submission: 'ask-submission-0001' }),
          contentType: 'application/x-www-form-urlencoded',
        }),
        lambdaContext,
      ),
    );
    h.now.value = new Date(h.now.value.getTime() + 60_000);
    const checklistUrl =
      h
        .sentEmails()
        .at(-1)
        ?.text.match(/\/p\/([A-Za-z0-9_-]{43})/)?.[1] ?? '';
    const answer = await counted(() =>
      viewPagesHandler(h.deps)(
        apiEvent({
          method: 'POST',
          path: `/p/${checklistUrl}/messages`,
          pathParameters: { id: checklistUrl },
          body: formBody({ step: waitKey, message: 'Yes, it is.', submission: 'answer-submission-01' }),
          contentType: 'application/x-www-form-urlencoded',
        }),
        lambdaContext,
      ),
    );

    expect((await h.deps.store.listMessages(onboarding.id)).map((message) => message.kind)).toEqual([
      'question',
      'answer',
    ]);
    expect(h.sentEmails()).toHaveLength(3);
    expect((await h.deps.store.getCurrentWait(onboarding.id, 'portal-access'))?.status).toBe('pending');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect(ask).toEqual(ROUND_TRIPS.ask);
    expect(answer).toEqual(ROUND_TRIPS.answer);
  });

  it('reads the stage durations with one Query per decided stage, then not again for a while', async () => {
    const cold = createDynamoDbStore({
      client: h.table.documentClient,
      tableName: h.table.tableName,
      stageDurationsMaxAgeSeconds: 300,
    });

    const first = await counted(() => cold.getStageDurations());
    const again = await counted(() => Promise.all([cold.getStageDurations(), cold.getStageDurations()]));

    expect(first).toEqual(STAGES.filter((stage) => stage.form).map(() => 'Query'));
    expect(again).toEqual([]);
  });
});
