import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../local/config.ts';
import { signedPostJson } from '../../local/signed-fetch.ts';
import {
  type StandIn,
  startCloudFormationStandIn,
  startStepFunctionsIamStandIn,
} from '../support/cloudformation-stand-in.ts';
import { actionEmail, clientsFor, until } from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';
import {
  consoleRefusal,
  type OperatorShell,
  StackConsoleProcess,
  stackCli,
} from '../support/stack-console-process.ts';

/**
 * The ops console and the CLI against a "deployed stack": a second `npm start` of the test's own,
 * reached only as AWS is — the AWS SDK's endpoints (DynamoDB, Step Functions), the signed people API,
 * and a stand-in CloudFormation whose DescribeStacks names them. Nothing reads the runtime's insides.
 */
const STACK = 'OnboardingRemote';
const OPERATOR = `arn:aws:iam::${LOCAL_AWS.accountId}:user/${LOCAL_AWS.accessKeyId}`;

describe('npm run console -- --stack NAME, and --stack on the CLI, against a stack reached through AWS endpoints', () => {
  let runtime: RuntimeProcess;
  let dataDir: string;
  let cloudformation: StandIn;
  let deniedSfn: StandIn;
  let shell: OperatorShell;
  let console_: StackConsoleProcess;
  let onboardingId: string;

  const page = async (path: string) => {
    const response = await fetch(new URL(path, console_.url));
    return { status: response.status, text: await response.text() };
  };
  /** A console form, posted as its own page does (same origin, the page's token). */
  const post = async (path: string, fields: Record<string, string>) => {
    const detail = await page(`/ops/onboardings/${onboardingId}`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(detail.text)?.[1] as string;
    const response = await fetch(new URL(path, console_.url), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(console_.url).origin },
      body: new URLSearchParams({ ...fields, csrf }),
    });
    return {
      status: response.status,
      location: response.headers.get('location'),
      text: await response.text(),
    };
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onboarding-stack-console-'));
    runtime = await RuntimeProcess.start({ dataDir, ports: await RuntimeProcess.freePorts() });
    const outputs = {
      TableName: LOCAL_AWS.tableName,
      StateMachineArn: `arn:aws:states:${LOCAL_AWS.region}:${LOCAL_AWS.accountId}:stateMachine:${LOCAL_AWS.stateMachineName}`,
      ApiUrl: `${runtime.apiUrl}/`,
    };
    cloudformation = await startCloudFormationStandIn(
      [
        { name: STACK, outputs },
        { name: 'NotOnboarding', outputs: { BucketName: 'x' } },
      ],
      { region: LOCAL_AWS.region, accountId: LOCAL_AWS.accountId, deny: ['OnboardingSecret'] },
    );
    deniedSfn = await startStepFunctionsIamStandIn(runtime.sfnUrl, {
      region: LOCAL_AWS.region,
      accountId: LOCAL_AWS.accountId,
      deny: ['GetExecutionHistory'],
    });
    shell = {
      endpoints: { cloudformation: cloudformation.url, dynamodb: runtime.dynamodbUrl, sfn: runtime.sfnUrl },
    };
    console_ = await StackConsoleProcess.start(shell, ['--stack', STACK]);

    // Someone starts an onboarding on the stack, through its signed API; its first email goes out.
    const started = await signedPostJson(`${runtime.apiUrl}/onboardings`, {
      company: 'Remote Software',
      contactName: 'Ada Lovelace',
      contactEmail: 'ada@remote-software.example',
      repEmail: 'rep@marketplace.example',
      team: [{ name: 'Grace Hopper', email: 'grace@remote-software.example' }],
    });
    expect(started.status).toBe(201);
    onboardingId = ((await started.json()) as { onboardingId: string }).onboardingId;
    await actionEmail(runtime, clientsFor(runtime).store, onboardingId, 'cloud-account');
  });

  afterAll(async () => {
    await console_?.stop();
    await cloudformation?.close();
    await deniedSfn?.close();
    await runtime?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the stack’s onboardings, and says where it looks', async () => {
    const list = await page('/ops');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Remote Software');
    expect(list.text).toContain(`/ops/onboardings/${onboardingId}`);
    expect(list.text).toContain(`ops console (stack ${STACK} in ${LOCAL_AWS.region})`);
  });

  it('shows an onboarding with the deployed state machine’s graph, the state in progress highlighted', async () => {
    const detail = await page(`/ops/onboardings/${onboardingId}`);
    expect(detail.status, console_.output).toBe(200);
    expect(detail.text).toContain('<svg class="graph"');
    // The provider's first step is in progress: its node is the active one, from GetExecutionHistory.
    expect(detail.text).toMatch(/state-active/);
    expect(detail.text).toContain('id="execution-status">Running');
  });

  it('hands a step over through the stack’s API, audited under the operator’s IAM principal', async () => {
    const { store } = clientsFor(runtime);
    const wait = (await store.listWaits(onboardingId)).find((candidate) => candidate.status === 'pending');
    expect(wait?.stage).toBe('cloud-account');
    // The stack's functions decide: a provider step goes only to the provider's own people.
    const refused = await post(`/ops/onboardings/${onboardingId}/hand-over`, {
      wait: wait?.waitKey ?? '',
      to: 'cto@remote-software.example',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('cto@remote-software.example is not on Remote Software&#39;s team.');
    const done = await post(`/ops/onboardings/${onboardingId}/hand-over`, {
      wait: wait?.waitKey ?? '',
      to: 'grace@remote-software.example',
      note: 'Ada is away',
    });
    expect(done.status, /<div class="error-summary[\s\S]*?<\/div>/.exec(done.text)?.[0]).toBe(303);
    expect(done.location).toBe(`/ops/onboardings/${onboardingId}?notice=handed-over`);
    const events = await until('the hand-over in the audit trail', async () => {
      const found = await store.listEvents(onboardingId);
      return found.some((event) => event.type === 'step-handed-over') ? found : undefined;
    });
    expect(events.find((event) => event.type === 'step-handed-over')?.actor).toBe(OPERATOR);
  });

  it('changes the rep through the stack’s API, and a refused form says why in the API’s words', async () => {
    const refused = await post(`/ops/onboardings/${onboardingId}/rep`, { email: 'not-an-address' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('The rep was not changed.');
    const done = await post(`/ops/onboardings/${onboardingId}/rep`, { email: 'rep2@marketplace.example' });
    expect(done.location).toBe(`/ops/onboardings/${onboardingId}?notice=rep-changed`);
    expect((await clientsFor(runtime).store.getOnboarding(onboardingId))?.repEmail).toBe(
      'rep2@marketplace.example',
    );
  });

  it('resends a step’s link through the stack’s API, to its recipient on file, audited under the operator', async () => {
    const { store } = clientsFor(runtime);
    const wait = (await store.listWaits(onboardingId)).find((candidate) => candidate.status === 'pending');
    const resend = await post(`/ops/onboardings/${onboardingId}/resend`, { wait: wait?.waitKey ?? '' });
    expect(resend.location).toBe(`/ops/onboardings/${onboardingId}?notice=resent`);
    const renewed = (await store.listEvents(onboardingId)).filter((event) => event.type === 'link-renewed');
    expect(renewed.map((event) => [event.actor, event.detail])).toEqual([
      [OPERATOR, `Resent to ${wait?.recipient}`],
    ]);
  });

  it('stops the onboarding through the stack’s API, only with a reason, audited under the operator', async () => {
    const { store } = clientsFor(runtime);
    const refused = await post(`/ops/onboardings/${onboardingId}/stop`, { reason: '' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('The onboarding was not stopped.');
    expect((await store.getOnboarding(onboardingId))?.status).toBe('in-progress');
    const done = await post(`/ops/onboardings/${onboardingId}/stop`, {
      reason: 'Signed with another marketplace',
    });
    expect(done.location).toBe(`/ops/onboardings/${onboardingId}?notice=stopped`);
    expect((await store.getOnboarding(onboardingId))?.status).toBe('stopped');
    const stopped = (await store.listEvents(onboardingId)).find(
      (event) => event.type === 'onboarding-stopped',
    );
    expect(stopped?.actor).toBe(OPERATOR);
    expect(stopped?.detail).toContain('Signed with another marketplace — 1 execution(s) stopped');
    const detail = await page(`/ops/onboardings/${onboardingId}`);
    expect(detail.text).toContain('id="execution-status">Aborted');
  });

  it('shows IAM’s refusal in plain words, naming the action and the resource', async () => {
    const denied = await StackConsoleProcess.start(
      { endpoints: { ...shell.endpoints, sfn: deniedSfn.url } },
      ['--stack', STACK],
    );
    try {
      const detail = await fetch(new URL(`/ops/onboardings/${onboardingId}`, denied.url));
      const text = await detail.text();
      expect(detail.status).toBe(403);
      expect(text).toContain('AWS refused states:GetExecutionHistory on arn:aws:states:');
      expect(text).toContain('your AWS identity is not allowed to do that (IAM denied it)');
      // The list needs no history: it still answers.
      expect((await fetch(new URL('/ops', denied.url))).status).toBe(200);
    } finally {
      await denied.stop();
    }
  });

  it('refuses to start, in plain words, on a stack it may not read, a missing stack, or another kind of stack', async () => {
    const secret = await consoleRefusal(shell, ['--stack', 'OnboardingSecret']);
    expect(secret.code).toBe(1);
    expect(secret.said).toContain(
      `AWS refused cloudformation:DescribeStacks on arn:aws:cloudformation:${LOCAL_AWS.region}:${LOCAL_AWS.accountId}:stack/OnboardingSecret/*`,
    );
    const missing = await consoleRefusal(shell, ['--stack', 'OnboardingNowhere']);
    expect(missing.said).toContain(`There is no stack OnboardingNowhere in ${LOCAL_AWS.region}`);
    const other = await consoleRefusal(shell, ['--stack', 'NotOnboarding']);
    expect(other.said).toContain('Stack NotOnboarding has no output TableName, StateMachineArn, ApiUrl');
  });

  it('answers only on a loopback host name', async () => {
    // A DNS-rebinding page reaches the port under its own name: the Host header says so.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const url = new URL('/ops', console_.url);
      request(
        { host: '127.0.0.1', port: url.port, path: url.pathname, headers: { host: 'attacker.example' } },
        (answer) => {
          answer.resume();
          resolve(answer.statusCode);
        },
      )
        .on('error', reject)
        .end();
    });
    expect(status).toBe(421);
  });

  it('the CLI finds the same stack by name: list, show and a people change through its API', async () => {
    const list = await stackCli(shell, ['list', '--stack', STACK]);
    expect(list.code).toBe(0);
    expect(list.said).toContain(onboardingId);
    const show = await stackCli(shell, [
      'show',
      onboardingId,
      '--stack',
      STACK,
      '--region',
      LOCAL_AWS.region,
    ]);
    expect(show.said).toContain('Remote Software');
    const contact = await stackCli(shell, [
      'change-contact',
      onboardingId,
      '--stack',
      STACK,
      '--email',
      'linus@remote-software.example',
      '--name',
      'Linus Torvalds',
    ]);
    expect(contact.code).toBe(0);
    expect((await clientsFor(runtime).store.getOnboarding(onboardingId))?.contactEmail).toBe(
      'linus@remote-software.example',
    );
    // A start goes through the stack's signed start API and is found by the next list.
    const started = await stackCli(shell, [
      'start',
      '--stack',
      STACK,
      '--company',
      'Second Remote Ltd',
      '--contact-name',
      'Linus Torvalds',
      '--contact-email',
      'linus@second-remote.example',
      '--rep-email',
      'rep@marketplace.example',
    ]);
    expect(started.code, started.said).toBe(0);
    const newId = /id:\s+(\S+)/.exec(started.said)?.[1] as string;
    expect((await stackCli(shell, ['list', '--stack', STACK])).said).toContain(newId);
    const missing = await stackCli(shell, ['list', '--stack', 'OnboardingNowhere']);
    expect(missing.code).toBe(1);
    expect(missing.said).toContain('There is no stack OnboardingNowhere');
  });
});
