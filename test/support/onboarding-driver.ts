import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { expect } from 'vitest';
import { createDocumentClient, createDynamoDbStore } from '../../functions/adapters/dynamodb-store.ts';
import { findActionLink } from '../../functions/domain/find-action-link.ts';
import type { ActionLink } from '../../functions/domain/model.ts';
import type { OnboardingStore } from '../../functions/domain/ports.ts';
import { LOCAL_AWS } from '../../local/config.ts';
import { DEMO_ANSWERS } from '../../local/demo-answers.ts';
import { actionLinkIn, type InboxEmail, InboxWatcher } from '../../local/inbox-client.ts';
import { openAndSubmit } from '../../local/person.ts';
import { signedPostJson } from '../../local/signed-fetch.ts';
import type { RuntimeProcess } from './runtime-process.ts';

/** Drives a running `npm start` from outside, over HTTP and the AWS SDK only, as people and tools would. */
export const credentials = { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey };
export const STATE_MACHINE_ARN = `arn:aws:states:${LOCAL_AWS.region}:${LOCAL_AWS.accountId}:stateMachine:${LOCAL_AWS.stateMachineName}`;

/** SDK clients in this test process, pointed at the runtime process: what any other tool would use. */
export function clientsFor(runtime: RuntimeProcess) {
  const dynamodb = new DynamoDBClient({
    endpoint: runtime.dynamodbUrl,
    region: LOCAL_AWS.region,
    credentials,
  });
  const documents = createDocumentClient(dynamodb);
  return {
    documents,
    store: createDynamoDbStore({ client: documents, tableName: LOCAL_AWS.tableName }),
    sfn: new SFNClient({ endpoint: runtime.sfnUrl, region: LOCAL_AWS.region, credentials }),
  };
}

/** With a `clientToken`, a retried start answers with the onboarding the first attempt made (200). */
export async function startOnboardingOverHttp(
  runtime: RuntimeProcess,
  company: string,
  contactEmail: string,
  clientToken?: string,
) {
  const response = await signedPostJson(`${runtime.apiUrl}/onboardings`, {
    company,
    contactName: 'Ada Lovelace',
    contactEmail,
    repEmail: 'rep@marketplace.example',
    clientToken,
  });
  expect([200, 201]).toContain(response.status);
  return (await response.json()) as { onboardingId: string; executionName: string; executionArn: string };
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  // A cap for a state that never comes, not a budget: generous, since CI's 2 cores may be busy.
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

interface LinkedEmail {
  email: InboxEmail;
  link: string;
  record: ActionLink;
}

// Per running runtime: an inbox followed incrementally, and what each link points at (it never changes).
const watchers = new WeakMap<
  RuntimeProcess,
  { inbox: InboxWatcher; records: Map<string, ActionLink | null> }
>();

/** Every email with an action link so far, each with the link's record, oldest first. */
export async function linkedEmails(runtime: RuntimeProcess, store: OnboardingStore): Promise<LinkedEmail[]> {
  let watcher = watchers.get(runtime);
  if (!watcher) {
    watcher = { inbox: new InboxWatcher(runtime.sesUrl), records: new Map() };
    watchers.set(runtime, watcher);
  }
  const linked: LinkedEmail[] = [];
  for (const email of await watcher.inbox.poll()) {
    const link = actionLinkIn(email);
    if (!link) continue;
    let record = watcher.records.get(link);
    if (record === undefined) {
      record = (await findActionLink(store, link.slice(link.lastIndexOf('/') + 1))) ?? null;
      watcher.records.set(link, record);
    }
    if (record) linked.push({ email, link, record });
  }
  return linked;
}

/** The next action email for an onboarding's stage, read from the SES stand-in's store. */
export async function actionEmail(
  runtime: RuntimeProcess,
  store: OnboardingStore,
  onboardingId: string,
  stage: string,
  skip = new Set<string>(),
) {
  return until(`an email for ${stage}`, async () => {
    const found = (await linkedEmails(runtime, store)).find(
      ({ link, record }) => !skip.has(link) && record.onboardingId === onboardingId && record.stage === stage,
    );
    return found && { email: found.email, link: found.link };
  });
}

/**
 * Plays every person until the onboarding completes; returns the emails it acted on. `earlier`: emails
 * people kept from before a restart (the inbox keeps them too; each link is acted on once).
 */
export async function playEveryone(
  runtime: RuntimeProcess,
  store: OnboardingStore,
  onboardingId: string,
  earlier: LinkedEmail[] = [],
) {
  const used = new Set<string>();
  const actedOn: InboxEmail[] = [];
  await until(
    'the onboarding to complete',
    async () => {
      if ((await store.getOnboarding(onboardingId))?.status === 'completed') return true;
      for (const { email, link, record: stored } of [...earlier, ...(await linkedEmails(runtime, store))]) {
        if (used.has(link) || stored.onboardingId !== onboardingId) continue;
        used.add(link);
        const wait = await store.getWait(onboardingId, stored.waitKey);
        // Decided, closed, or handed over to someone else since this email: not this person's to act on.
        if (wait?.status !== 'pending' || wait.recipient !== stored.recipient) continue;
        const result = await openAndSubmit(link, DEMO_ANSWERS[stored.stage as keyof typeof DEMO_ANSWERS]);
        // After a "try again" (503) whose decision was in fact recorded, the retry says "already done".
        const accepted = result.submitted === 200 || (result.submitted === 409 && result.attempts > 1);
        expect(accepted, `${stored.stage}: ${result.submitted} after ${result.attempts} tries`).toBe(true);
        expect(result.opened).toBe(200);
        actedOn.push(email);
      }
      return undefined;
    },
    // A hang guard: after a restart that recovers a hundred onboardings, on a busy machine, one
    // onboarding's nine steps can take minutes; a state that never comes still fails.
    180_000,
  );
  return actedOn;
}

/**
 * Starts an onboarding and plays everyone until `stage` is waiting, then returns that step's link.
 * For a product revision, the technical sign-off sends the first product back on the way.
 */
export async function driveTo(
  runtime: RuntimeProcess,
  store: OnboardingStore,
  stage: keyof typeof DEMO_ANSWERS,
  company: string,
) {
  const started = await startOnboardingOverHttp(
    runtime,
    company,
    `${company.toLowerCase().replace(/\W+/g, '-')}@provider.example`,
  );
  const used = new Set<string>();
  return until(
    `${company} to wait at ${stage}`,
    async () => {
      for (const { link, record: stored } of await linkedEmails(runtime, store)) {
        if (used.has(link) || stored.onboardingId !== started.onboardingId) continue;
        const wait = await store.getWait(started.onboardingId, stored.waitKey);
        if (wait?.status !== 'pending') continue;
        if (stored.stage === stage) return { ...started, link, wait };
        used.add(link);
        const sendBack = stage === 'product-revision' && stored.stage === 'technical-integration';
        const answers = sendBack
          ? { decision: 'send-back', reason: 'Please fix the health check.' }
          : DEMO_ANSWERS[stored.stage as keyof typeof DEMO_ANSWERS];
        const result = await openAndSubmit(link, answers);
        expect(result.submitted).toBe(200);
      }
      return undefined;
    },
    120_000,
  );
}
