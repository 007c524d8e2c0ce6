/**
 * `npm run demo`: against the running `npm start` system, starts an onboarding and plays every
 * person's part — reads each action link from the local inbox, opens the page, submits the form —
 * until the onboarding completes, then prints a summary. `npm run demo -- --products 1` publishes one
 * product instead of both.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { createDocumentClient, createDynamoDbStore } from '../functions/adapters/dynamodb-store.ts';
import { createSfnStarter } from '../functions/adapters/sfn-workflow.ts';
import { ROLE_LABELS, type StageKey, stageDefinition } from '../functions/checklist/stages.ts';
import { findActionLink } from '../functions/domain/find-action-link.ts';
import { startOnboarding } from '../functions/domain/start-onboarding.ts';
import { createLogger } from '../functions/observability/logger.ts';
import { noMetrics } from '../functions/observability/metrics.ts';
import { eventsFor } from '../functions/runtime/dependencies-from-env.ts';
import { stageDueSetting } from '../functions/stage-due-schema.ts';
import { localClientEnvironment } from './client-environment.ts';
import { DEMO_ANSWERS, DEMO_PRODUCTS } from './demo-answers.ts';
import { actionLinkIn, readInbox } from './inbox-client.ts';
import { openAndSubmit } from './person.ts';

/** The demo's answers, for its first `count` products. */
function answersFor(count: number): typeof DEMO_ANSWERS {
  const products = DEMO_PRODUCTS.slice(0, count);
  return {
    ...DEMO_ANSWERS,
    'product-content': { products: products.join('\n') },
    'publication-request': { ...DEMO_ANSWERS['publication-request'], products },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { products: { type: 'string' } } });
  const productCount = Number(values.products ?? DEMO_PRODUCTS.length);
  if (!Number.isInteger(productCount) || productCount < 1 || productCount > DEMO_PRODUCTS.length) {
    throw new Error(`--products takes 1 to ${DEMO_PRODUCTS.length}`);
  }
  const demoAnswers = answersFor(productCount);
  const env = localClientEnvironment();
  Object.assign(process.env, env);
  const sesUrl = env.AWS_ENDPOINT_URL_SES as string;
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s`;
  const store = createDynamoDbStore({
    client: createDocumentClient(new DynamoDBClient({})),
    tableName: env.TABLE_NAME as string,
  });
  const sfn = new SFNClient({});

  const onboarding = await startOnboarding(
    {
      store,
      starter: createSfnStarter(sfn, env.STATE_MACHINE_ARN as string),
      waits: {
        providerWaitSeconds: Number(env.PROVIDER_WAIT_SECONDS),
        teamWaitSeconds: Number(env.TEAM_WAIT_SECONDS),
        stageDueSeconds: stageDueSetting.parse(env.STAGE_DUE_SECONDS ?? ''),
      },
      clock: () => new Date(),
      logger: createLogger({}, () => {}),
      events: eventsFor(
        env,
        createLogger({}, (line) => console.error(line)),
        noMetrics,
      ),
    },
    {
      company: 'Acme Software',
      contactName: 'Ada Lovelace',
      contactEmail: 'ada@acme.example',
      repEmail: 'rep@marketplace.example',
    },
  ).catch((error: unknown) => {
    throw new Error(
      `Could not start an onboarding — is \`npm start\` running? (${error instanceof Error ? error.message : String(error)})`,
    );
  });
  console.log(`${elapsed()}  started ${onboarding.onboardingId} (execution ${onboarding.executionName})`);

  const used = new Set<string>();
  const deadline = Date.now() + 180_000;
  let actions = 0;
  while (Date.now() < deadline) {
    const current = await store.getOnboarding(onboarding.onboardingId);
    if (current?.status === 'completed') break;
    for (const email of await readInbox(sesUrl)) {
      const link = actionLinkIn(email);
      if (!link || used.has(link)) continue;
      const stored = await findActionLink(store, link.slice(link.lastIndexOf('/') + 1));
      if (!stored || stored.onboardingId !== onboarding.onboardingId) continue;
      used.add(link);
      const wait = await store.getWait(stored.onboardingId, stored.waitKey);
      if (wait?.status !== 'pending') continue;
      const stage = stageDefinition(stored.stage);
      const answers = demoAnswers[stored.stage as Exclude<StageKey, 'published'>];
      const result = await openAndSubmit(link, answers);
      actions += 1;
      const who = ROLE_LABELS[stored.role];
      const product = wait.product ? ` [${wait.product}]` : '';
      const status = result.submitted === 200 ? 'done' : `answered ${result.submitted}`;
      console.log(
        `${elapsed()}  step ${stage.step} ${stage.title}${product}: ${who} (${stored.recipient}) — ${status}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }

  const final = await store.getOnboarding(onboarding.onboardingId);
  const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: onboarding.executionArn }));
  const history = await sfn.send(
    new GetExecutionHistoryCommand({ executionArn: onboarding.executionArn, maxResults: 1000 }),
  );
  // The inbox stamps emails in whole seconds; count those sent since this demo started.
  const emails = (await readInbox(sesUrl)).filter((email) => email.at >= Math.floor(started / 1000));
  const statesEntered = (history.events ?? []).filter((event) => event.stateEnteredEventDetails).length;
  console.log(`
Summary
  onboarding      ${onboarding.onboardingId}: ${final?.status ?? 'unknown'}
  execution       ${onboarding.executionName}: ${execution.status}, ${statesEntered} states entered
  products        ${(final?.products ?? []).map((product) => `${product.name} (${product.status})`).join(', ')}
  actions taken   ${actions}, emails sent ${emails.length}
  duration        ${elapsed().trim()}`);
  if (final?.status !== 'completed') process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
