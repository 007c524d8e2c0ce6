import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetIdentityVerificationAttributesCommand, type SESClient } from '@aws-sdk/client-ses';
import { DescribeStateMachineCommand, type SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { actionUrl, mintLinkId, mintSecretId, sha256Hex } from '../domain/action-links.ts';
import { describeDeliveryProblem } from '../domain/email-not-sent.ts';
import type { Wait } from '../domain/model.ts';
import type { OnboardingStore } from '../domain/ports.ts';
import { stopOnboarding } from '../domain/stop-onboarding.ts';
import type { Logger } from '../observability/logger.ts';
import type { TxtResolver } from './smoke-deliverability.ts';
import { checkEmail } from './smoke-email.ts';
import { readStackOutputs } from './smoke-stack.ts';
import { SmokeFailure, type StepClock, StepRunner } from './smoke-steps.ts';

/** SES's mailbox simulator: accepted (even in the sandbox) and delivered nowhere. */
export const SIMULATOR_SUCCESS = 'success@simulator.amazonses.com';

export interface SmokeDependencies {
  cloudformation: CloudFormationClient;
  sfn: SFNClient;
  dynamodb: DynamoDBClient;
  ses: SESClient;
  /** DNS TXT lookups for the SPF and DMARC checks (node:dns/promises; stubbed in tests). */
  dns: TxtResolver;
  /** The deployment's store, once the stack's outputs name its table. */
  storeFor(tableName: string): OnboardingStore;
  /** HTTP to the deployed API: a plain GET, a form POST (as a browser), a SigV4-signed JSON POST. */
  http: {
    get(url: string): Promise<number>;
    postForm(url: string, fields: Record<string, string>): Promise<number>;
    postSignedJson(url: string, body: unknown): Promise<{ status: number; body: unknown }>;
  };
  clock: StepClock;
  print(line: string): void;
  logger: Logger;
}

export interface SmokeOptions {
  stack: string;
  region: string;
  /** How long to wait for the workflow to record a stage (seconds). */
  timeoutSeconds: number;
}

const REQUIRED_OUTPUTS = ['ApiUrl', 'PublicBaseUrl', 'StateMachineArn', 'TableName', 'SesIdentity'] as const;

/**
 * After `npm run deploy`: checks the deployment's parts exist and work together, end to end, with one
 * onboarding addressed to SES's mailbox simulator, then stops it. Returns whether every step passed.
 */
export async function runSmokeCheck(deps: SmokeDependencies, options: SmokeOptions): Promise<boolean> {
  const run = new StepRunner(deps.clock, deps.print);
  const timeoutMs = options.timeoutSeconds * 1000;
  deps.print(`Smoke check of stack ${options.stack} in ${options.region}:`);

  const outputs = await run.step(`Stack ${options.stack} and its outputs`, () =>
    readStackOutputs(deps.cloudformation, options, REQUIRED_OUTPUTS),
  );
  await run.step('State machine is active', async () => {
    const machine = await deps.sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: outputs?.StateMachineArn }),
    );
    if (machine.status !== 'ACTIVE') throw new SmokeFailure(`its status is ${machine.status}`);
  });
  await run.step('Table is active', async () => {
    const { Table } = await deps.dynamodb.send(new DescribeTableCommand({ TableName: outputs?.TableName }));
    if (Table?.TableStatus !== 'ACTIVE') throw new SmokeFailure(`its status is ${Table?.TableStatus}`);
  });
  await run.step(`SES identity ${outputs?.SesIdentity ?? ''} is verified`, () =>
    identityVerified(deps, outputs?.SesIdentity ?? ''),
  );
  // Deliverability is checked whatever came before it: what it lists is most needed while the
  // identity is still unverified. Its failures fail the run without skipping the steps below.
  const deliverable = outputs
    ? await checkEmail(deps, {
        identity: outputs.SesIdentity,
        mailFrom: outputs.MailFrom,
        region: options.region,
      })
    : false;
  await run.step('API answers an unknown action link with its "not found" page', async () => {
    const status = await deps.http.get(actionUrl(outputs?.PublicBaseUrl ?? '', mintSecretId()));
    if (status !== 404) throw new SmokeFailure(`expected 404, got ${status}`);
  });
  if (!run.ok || !outputs) return finish(deps, false);
  if (!deliverable)
    deps.print('  (deliverability failed: the end-to-end steps run anyway, to the mailbox simulator)');

  const store = deps.storeFor(outputs.TableName);
  const started = await run.step(
    `Onboarding started (POST /onboardings, to ${SIMULATOR_SUCCESS})`,
    async () => {
      const answer = await deps.http.postSignedJson(new URL('onboardings', withSlash(outputs.ApiUrl)).href, {
        company: `Smoke test ${new Date(deps.clock.now()).toISOString().slice(0, 19)}`,
        contactName: 'Smoke Test',
        contactEmail: SIMULATOR_SUCCESS,
        repEmail: SIMULATOR_SUCCESS,
      });
      if (answer.status !== 201)
        throw new SmokeFailure(`expected 201, got ${answer.status}: ${JSON.stringify(answer.body)}`);
      return answer.body as { onboardingId: string; executionArn: string };
    },
  );
  if (started) deps.print(`     onboarding ${started.onboardingId}`);

  const firstWait = await run.step('Stage 1 recorded and its email accepted by SES', () =>
    run.until(
      'stage 1 being recorded with its email sent',
      () => stageEmailed(store, started?.onboardingId ?? ''),
      timeoutMs,
    ),
  );
  await run.step('Stage 1 acted on through an action link (page, then form)', async () => {
    const link = await issueLink(store, firstWait as Wait, deps.clock.now());
    const url = actionUrl(outputs.PublicBaseUrl, link);
    const opened = await deps.http.get(url);
    if (opened !== 200) throw new SmokeFailure(`opening the action page answered ${opened}`);
    const submitted = await deps.http.postForm(url, { alias: 'SMOKE' });
    if (submitted !== 200) throw new SmokeFailure(`submitting the form answered ${submitted}`);
  });
  await run.step('Stage 2 entered', () =>
    run.until(
      'stage 2 (Provider Portal access) being entered',
      async () => store.getCurrentWait(started?.onboardingId ?? '', 'portal-access'),
      timeoutMs,
    ),
  );
  if (started) {
    await run.step('Onboarding stopped and marked as a smoke run', () => stopSmokeRun(deps, store, started), {
      always: true,
    });
  }
  return finish(deps, run.ok && deliverable);
}

function finish(deps: SmokeDependencies, passed: boolean): boolean {
  deps.print(passed ? 'Smoke check passed.' : 'Smoke check FAILED (see the ✘ lines above).');
  return passed;
}

async function identityVerified(deps: SmokeDependencies, identity: string): Promise<void> {
  const { VerificationAttributes } = await deps.ses.send(
    new GetIdentityVerificationAttributesCommand({ Identities: [identity] }),
  );
  const status = VerificationAttributes?.[identity]?.VerificationStatus ?? 'not found';
  if (status === 'Success') return;
  const how = identity.includes('@')
    ? `open the confirmation email SES sent to ${identity} and follow its link`
    : `publish the DNS records listed under "Email deliverability" (the DKIM CNAMEs; npm run smoke -- --records prints them alone); verification follows within hours`;
  throw new SmokeFailure(`its status is "${status}". To verify it: ${how}. Then run the smoke check again`);
}

/** The first stage's wait once its email went out; a refused email fails at once, saying why. */
async function stageEmailed(store: OnboardingStore, onboardingId: string): Promise<Wait | undefined> {
  const wait = await store.getCurrentWait(onboardingId, 'cloud-account');
  if (!wait) return undefined;
  if (wait.deliveryProblem) throw new SmokeFailure(describeDeliveryProblem(wait.deliveryProblem));
  const events = await store.listEvents(onboardingId);
  return events.some((event) => event.type === 'email-sent' && event.stage === 'cloud-account')
    ? wait
    : undefined;
}

/**
 * The smoke check cannot read the simulator's mailbox, so it issues the step a fresh action link of
 * its own (as "send me a new link" would, without the email) and follows it like a person.
 */
async function issueLink(store: OnboardingStore, wait: Wait, now: number): Promise<string> {
  const linkId = mintLinkId(wait.onboardingId);
  await store.putLink({
    idHash: sha256Hex(linkId),
    onboardingId: wait.onboardingId,
    waitKey: wait.waitKey,
    stage: wait.stage,
    role: wait.role,
    recipient: wait.recipient,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 15 * 60_000).toISOString(),
  });
  return linkId;
}

async function stopSmokeRun(
  deps: SmokeDependencies,
  store: OnboardingStore,
  started: { onboardingId: string; executionArn: string },
): Promise<void> {
  await stopOnboarding(
    { store, clock: () => new Date(deps.clock.now()), logger: deps.logger },
    {
      onboardingId: started.onboardingId,
      by: 'npm run smoke',
      reason: 'smoke run',
      stopExecutions: async () => {
        await deps.sfn.send(
          new StopExecutionCommand({
            executionArn: started.executionArn,
            error: 'SmokeRun',
            cause: 'Smoke check done',
          }),
        );
        return 1;
      },
    },
  );
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
