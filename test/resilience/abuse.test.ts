import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintLinkId, sha256Hex } from '../../functions/domain/action-links.ts';
import { EMAIL_ON_REQUEST_LIMITS } from '../../functions/domain/email-on-request.ts';
import type { Wait } from '../../functions/domain/model.ts';
import { Sha256 } from '../../functions/runtime/sha256.ts';
import { LOCAL_AWS } from '../../local/config.ts';
import { readInbox } from '../../local/inbox-client.ts';
import { onboardingCli } from '../../local/onboarding-cli.ts';
import { ILL_FORMED_ON_EVERY_ROUTE } from '../support/ill-formed-text.ts';
import {
  clientsFor,
  credentials,
  STATE_MACHINE_ARN,
  startOnboardingOverHttp,
  until,
} from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';
import { systemState } from './system-state.ts';

/** The runtime's own reminder settings, different from the CLI's defaults (7 and 3 days) and 120 s. */
const PROVIDER_WAIT_SECONDS = 86_400;
const TEAM_WAIT_SECONDS = 43_200;

describe('abuse, on npm start', () => {
  let runtime: RuntimeProcess;
  let dataDir: string;
  let clients: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onboarding-abuse-'));
    runtime = await RuntimeProcess.start({
      dataDir,
      ports: await RuntimeProcess.freePorts(),
      env: {
        LOCAL_PROVIDER_WAIT_SECONDS: String(PROVIDER_WAIT_SECONDS),
        LOCAL_TEAM_WAIT_SECONDS: String(TEAM_WAIT_SECONDS),
      },
    });
    clients = clientsFor(runtime);
    // The CLI in this process talks to that runtime, as `npm run onboarding -- --local` would.
    Object.assign(process.env, {
      PORT: String(runtime.ports.api),
      SFN_PORT: String(runtime.ports.sfn),
      DYNAMODB_PORT: String(runtime.ports.dynamodb),
      SES_PORT: String(runtime.ports.ses),
    });
  }, 120_000);

  afterAll(async () => {
    await runtime?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Starts an onboarding and returns its first wait (cloud account) once its email went out. */
  async function waitingOnboarding(company: string, contactEmail: string): Promise<Wait> {
    const started = await startOnboardingOverHttp(runtime, company, contactEmail);
    return until(`${company} to wait for its alias`, async () => {
      const wait = await clients.store.getCurrentWait(started.onboardingId, 'cloud-account');
      // Marked notified only after its email was sent.
      return wait?.status === 'pending' && wait.notifiedTokenHash ? wait : undefined;
    });
  }

  /** A link for the wait that expired yesterday: the page offers "send me a new link". */
  async function expiredLinkFor(wait: Wait): Promise<string> {
    const linkId = mintLinkId(wait.onboardingId);
    await clients.store.putLink({
      idHash: sha256Hex(linkId),
      onboardingId: wait.onboardingId,
      waitKey: wait.waitKey,
      stage: wait.stage,
      role: wait.role,
      recipient: wait.recipient,
      createdAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      expiresAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
    return linkId;
  }

  const renew = (linkId: string) =>
    fetch(`${runtime.apiUrl}/a/${linkId}/renew`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
  const emailsTo = async (address: string) =>
    (await readInbox(runtime.sesUrl)).filter((email) => email.to.includes(address)).length;

  // First, while nothing else is under way, so the before/after comparison sees only this test's requests.
  it('refuses ill-formed text in every field of the CLI and the ops console start, storing nothing', async () => {
    const before = await systemState(clients, runtime.sesUrl);
    const valid = {
      company: 'Clean Co',
      contactName: 'Ada',
      contactEmail: 'ada@clean.example',
      repEmail: 'rep@marketplace.example',
    };
    const flags: Record<string, string> = {
      company: '--company',
      contactName: '--contact-name',
      contactEmail: '--contact-email',
      repEmail: '--rep-email',
    };
    const console = await opsConsoleForm();
    const problems: string[] = [];

    for (const field of Object.keys(valid)) {
      for (const [label, text] of ILL_FORMED_ON_EVERY_ROUTE) {
        const value = field.endsWith('Email') ? `ada${text}@clean.example` : text;
        const answers = { ...valid, [field]: value };
        const cli = await onboardingCli(
          [
            'start',
            '--local',
            ...Object.entries(answers).flatMap(([name, given]) => [flags[name] as string, given]),
          ],
          process.env,
          () => {},
        ).then(
          () => 'accepted',
          (error: Error) => error.message,
        );
        if (!/was not started: .*(contains|single email address)/.test(cli))
          problems.push(`CLI ${field} with ${label}: ${cli}`);
        const page = await console.start(answers);
        if (page.status !== 400 || !/contains|single email address/.test(page.text)) {
          problems.push(`ops console ${field} with ${label}: ${page.status}`);
        }
      }
    }

    expect(problems).toEqual([]);
    expect(await systemState(clients, runtime.sesUrl)).toEqual(before);
  });

  it('sends one new link for 100 renew POSTs of one expired link, 50 at a time', async () => {
    const address = 'burst@provider.example';
    const link = await expiredLinkFor(await waitingOnboarding('Mail Bomb Target', address));
    const before = await emailsTo(address);

    const statuses: number[] = [];
    for (let wave = 0; wave < 2; wave += 1) {
      const answers = await Promise.all(Array.from({ length: 50 }, () => renew(link)));
      statuses.push(...answers.map((answer) => answer.status));
      await Promise.all(answers.map((answer) => answer.text()));
    }

    expect(new Set(statuses)).toEqual(new Set([200]));
    expect((await emailsTo(address)) - before).toBe(1);
    console.info(`renew burst: 100 POSTs -> ${(await emailsTo(address)) - before} email`);
  });

  it('holds the per-recipient cap under 50-way concurrency across several steps', async () => {
    const address = 'capped@provider.example';
    const links: string[] = [];
    for (let n = 0; n < 7; n += 1) {
      links.push(await expiredLinkFor(await waitingOnboarding(`Capped Company ${n}`, address)));
    }
    const before = await emailsTo(address);

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, n) => renew(links[n % links.length] as string)),
    );
    await Promise.all(answers.map((answer) => answer.text()));

    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect((await emailsTo(address)) - before).toBe(EMAIL_ON_REQUEST_LIMITS.perRecipient.limit);
    console.info(`recipient cap: 50 POSTs over 7 steps -> ${(await emailsTo(address)) - before} emails`);
  });

  it('starts one onboarding when a signed start is replayed, with or without a key', async () => {
    const replay = async (body: Record<string, unknown>): Promise<[Response, Response]> => {
      const signed = await signedStart(body);
      const first = await fetch(signed.url, signed.init);
      const second = await fetch(signed.url, signed.init);
      return [first, second];
    };
    const base = {
      contactName: 'Ada',
      contactEmail: 'ada@replay.example',
      repEmail: 'rep@marketplace.example',
    };

    const [first, second] = await replay({ ...base, company: 'Replayed Start' });
    const [keyed, keyedAgain] = await replay({
      ...base,
      company: 'Replayed Keyed Start',
      clientToken: 'replay-1',
    });

    expect([first.status, second.status]).toEqual([201, 409]);
    const { onboardingId } = (await first.json()) as { onboardingId: string };
    expect(((await second.json()) as { message: string }).message).toContain(onboardingId);
    expect([keyed.status, keyedAgain.status]).toEqual([201, 200]);
    expect(await keyedAgain.json()).toEqual(await keyed.json());
    const names = await executionNames();
    expect(names.filter((name) => name.startsWith('replayed-start-'))).toHaveLength(1);
    expect(names.filter((name) => name.startsWith('replayed-keyed-start-'))).toHaveLength(1);
  });

  it('refuses unsigned and wrongly signed Step Functions calls with AWS error names, and serves signed ones', async () => {
    const before = await executionNames();
    const call = async (client: SFNClient, command: ListExecutionsCommand | StartExecutionCommand) => {
      try {
        await client.send(command as ListExecutionsCommand);
        return 'ok';
      } catch (error) {
        return `${(error as Error).name} ${(error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode}`;
      } finally {
        client.destroy();
      }
    };
    const sdk = (keys: { accessKeyId: string; secretAccessKey: string }) =>
      new SFNClient({
        endpoint: runtime.sfnUrl,
        region: LOCAL_AWS.region,
        credentials: keys,
        maxAttempts: 1,
      });
    const start = new StartExecutionCommand({
      stateMachineArn: STATE_MACHINE_ARN,
      name: 'forged',
      input: '{}',
    });
    const list = new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE_ARN });

    const unsigned = await Promise.all(
      [
        ['AWSStepFunctions.ListExecutions', { stateMachineArn: STATE_MACHINE_ARN }],
        [
          'AWSStepFunctions.StartExecution',
          { stateMachineArn: STATE_MACHINE_ARN, name: 'unsigned', input: '{}' },
        ],
      ].map(async ([target, body]) => {
        const response = await fetch(runtime.sfnUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': String(target) },
          body: JSON.stringify(body),
        });
        return `${((await response.json()) as { __type: string }).__type} ${response.status}`;
      }),
    );

    expect(unsigned).toEqual([
      'MissingAuthenticationTokenException 400',
      'MissingAuthenticationTokenException 400',
    ]);
    expect(await call(sdk({ ...credentials, secretAccessKey: 'guess' }), start)).toBe(
      'InvalidSignatureException 400',
    );
    expect(await call(sdk({ accessKeyId: 'AKIAFORGED', secretAccessKey: 'x' }), start)).toBe(
      'UnrecognizedClientException 400',
    );
    expect(await call(sdk(credentials), list)).toBe('ok');
    expect(await executionNames()).toEqual(before);
  });

  it("starts from the CLI with the running runtime's reminder settings, once per invocation unless --force", async () => {
    const out: string[] = [];
    const args = [
      'start',
      '--local',
      '--company',
      'Cli Settings Co',
      '--contact-name',
      'Ada',
      '--contact-email',
      'ada@cli.example',
      '--rep-email',
      'rep@marketplace.example',
    ];

    expect(await onboardingCli(args, process.env, (line) => out.push(line))).toBe(0);
    await expect(onboardingCli(args, process.env, () => {})).rejects.toThrow(
      /started .* ago: cli-settings-co-/,
    );
    expect(await onboardingCli([...args, '--force'], process.env, () => {})).toBe(0);

    const executionArn = /arn:\s+(\S+)/.exec(out.join('\n'))?.[1];
    const { input } = await clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
    // Locally every stage is due after the runtime's own interval: the provider's, or the teams'.
    const [provider, team] = [PROVIDER_WAIT_SECONDS, TEAM_WAIT_SECONDS];
    expect(JSON.parse(input ?? '{}').config).toEqual({
      providerWaitSeconds: provider,
      teamWaitSeconds: team,
      dueSeconds: {
        cloudAccount: provider,
        portalAccess: team,
        providerAgreement: provider,
        providerCredit: team,
        productContent: provider,
        publicationRequest: provider,
        technicalIntegration: team,
        billingIntegration: team,
        productRevision: provider,
        marketplaceApproval: team,
      },
    });
  });

  it('starts one onboarding when the ops console form is submitted twice', async () => {
    const console = await opsConsoleForm();
    const answers = {
      company: 'Double Submit Ltd',
      contactName: 'Ada',
      contactEmail: 'ada@double.example',
      repEmail: 'rep@marketplace.example',
    };

    const [first, second] = [await console.start(answers), await console.start(answers)];

    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.location).toBe(first.location);
    expect((await executionNames()).filter((name) => name.startsWith('double-submit-ltd-'))).toHaveLength(1);
  });

  async function executionNames(): Promise<string[]> {
    const { executions = [] } = await clients.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE_ARN }),
    );
    return executions.map((execution) => execution.name ?? '');
  }

  /** A SigV4-signed POST /onboardings, ready to be sent (and sent again). */
  async function signedStart(body: Record<string, unknown>) {
    const url = new URL('/onboardings', runtime.apiUrl);
    const text = JSON.stringify(body);
    const signer = new SignatureV4({
      credentials,
      region: LOCAL_AWS.region,
      service: 'execute-api',
      sha256: Sha256,
    });
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: {},
      headers: { host: url.host, 'content-type': 'application/json' },
      body: text,
    });
    const headers = Object.fromEntries(
      Object.entries(signed.headers).map(([name, value]) => [name, String(value)]),
    );
    return { url, init: { method: 'POST', headers, body: text } };
  }

  /** The ops console's start form as a browser would post it: its token and the key it was rendered with. */
  async function opsConsoleForm() {
    const page = await (await fetch(`${runtime.apiUrl}/ops`)).text();
    const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(page)?.[1] ?? '';
    const csrf = hidden('csrf');
    const clientToken = hidden('clientToken');
    expect(csrf).not.toBe('');
    expect(clientToken).not.toBe('');
    return {
      async start(answers: Record<string, string>) {
        const response = await fetch(`${runtime.apiUrl}/ops/onboardings`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: runtime.apiUrl },
          body: new URLSearchParams({ ...answers, csrf, clientToken }).toString(),
          redirect: 'manual',
        });
        return {
          status: response.status,
          location: response.headers.get('location'),
          text: await response.text(),
        };
      },
    };
  }
});
