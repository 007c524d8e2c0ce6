import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../local/api-routes.ts';
import { LOCAL_AWS } from '../../local/config.ts';
import { readInbox } from '../../local/inbox-client.ts';
import { OPERATIONS } from '../../local/stepfunctions-service/operations.ts';
import { clientsFor, driveTo, STATE_MACHINE_ARN } from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';

interface Probe {
  port: number;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A raw request (fetch cannot name another Host); resolves with the status (0: no answer at all). */
function send(probe: Probe, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port: probe.port,
        method: probe.method,
        path: probe.path,
        headers: { ...probe.headers, ...headers },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    // A stand-in that obeyed an earlier probe may have stopped: that is a failure, not an error.
    outgoing.on('error', () => resolve(0));
    outgoing.end(probe.body);
  });
}

/** The SES stand-in's routes, from its own Express route table (a stand-in started here, then closed). */
async function sesRoutes(): Promise<{ method: string; path: string }[]> {
  const sesModule = createRequire(import.meta.url)('aws-ses-v2-local') as {
    default: (config: { host: string; port: number }) => Promise<Server>;
  };
  const server = await sesModule.default({ host: '127.0.0.1', port: 0 });
  const [app] = server.listeners('request') as unknown as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  }[];
  const routes = (app?.router.stack ?? []).flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods).map((method) => ({
          method: method.toUpperCase(),
          path: layer.route?.path.replace(/:\w+/g, 'probe') ?? '/',
        }))
      : [],
  );
  await new Promise((resolve) => server.close(resolve));
  return routes;
}

const READ_ONLY = new Set(['GET', 'HEAD', 'OPTIONS']);

describe('npm start: every local port answers this machine only', () => {
  let runtime: RuntimeProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onboarding-loopback-'));
    runtime = await RuntimeProcess.start({
      dataDir,
      ports: await RuntimeProcess.freePorts(),
      env: { LOCAL_FAULT_CONTROL: '1' },
    });
  });
  afterAll(async () => {
    await runtime?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a foreign Host on every route of every port (421) and a change from another origin (403), and nothing changes', async () => {
    const { store, documents, sfn } = clientsFor(runtime);
    const waiting = await driveTo(runtime, store, 'cloud-account', 'Loopback Only');
    const linkId = new URL(waiting.link).pathname.split('/')[2] ?? '';
    const onboardingId = waiting.onboardingId;
    const [firstEmail] = await readInbox(runtime.sesUrl);
    const snapshot = async () => ({
      emails: await readInbox(runtime.sesUrl),
      items: ((await documents.send(new ScanCommand({ TableName: LOCAL_AWS.tableName }))).Items ?? [])
        .map((item) => JSON.stringify(item))
        .sort(),
      executions: (
        (await sfn.send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE_ARN }))).executions ?? []
      ).map((execution) => `${execution.name} ${execution.status}`),
    });
    const before = await snapshot();
    expect(before.emails.length).toBeGreaterThan(0);
    expect(before.executions).toHaveLength(1);

    const { ports } = runtime;
    const fill = (path: string) =>
      path
        .replace('{id}', linkId)
        .replace('{onboardingId}', onboardingId)
        .replace(/\{\w+\}/g, 'probe');
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const json = { 'content-type': 'application/json' };
    const probes: Probe[] = [
      // The web server: the product's routes from the table it serves, then the local pages.
      ...apiRoutes(new Proxy({}, { get: () => async () => undefined }) as never).map((route) => ({
        port: ports.api,
        method: route.method,
        path: fill(route.path),
        headers: route.path === '/local/ses-events' ? json : form,
        body: route.method === 'POST' ? 'decision=approve&alias=EVIL' : undefined,
      })),
      ...[
        ['GET', '/'],
        ['GET', '/local/settings'],
        ['GET', '/local/health'],
        ['GET', '/inbox'],
        ['GET', `/inbox/emails/${firstEmail?.messageId ?? 'probe'}`],
        ['GET', '/ops'],
        ['GET', '/ops/events'],
        ['GET', `/ops/onboardings/${onboardingId}`],
        ['POST', '/ops/onboardings'],
        ...['resend', 'stop', 'hand-over', 'contact', 'rep'].map((action) => [
          'POST',
          `/ops/onboardings/${onboardingId}/${action}`,
        ]),
        // The fault control: each would crash a stand-in or fill the disk if it were obeyed.
        ['POST', '/local/faults/crash/ses'],
        ['POST', '/local/faults/crash/dynamodb'],
        ['POST', '/local/faults/crash/stepfunctions'],
        ['POST', '/local/faults/disk-full'],
        // No route at all: the guard answers before any routing, so a new route is behind it too.
        ['POST', '/no-such-route'],
      ].map(([method, path]) => ({
        port: ports.api,
        method: method as string,
        path: path as string,
        headers: form,
        body: method === 'POST' ? 'reason=evil&company=Evil' : undefined,
      })),
      // The SES stand-in: every route of its own table (GET /store, POST /clear-store, the send APIs).
      ...(await sesRoutes()).map((route) => ({
        port: ports.ses,
        method: route.method,
        path: route.path,
        headers: { ...form, authorization: 'AWS4-HMAC-SHA256 Credential=local/x' },
        body:
          route.method === 'GET'
            ? undefined
            : 'Action=SendEmail&Source=evil%40evil.example&Destination.ToAddresses.member.1=a%40b.example&Message.Subject.Data=Evil&Message.Body.Text.Data=Evil',
      })),
      // The PutEvents stand-in on the web server's port: a lifecycle event put by a foreign page.
      {
        port: ports.api,
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSEvents.PutEvents',
        },
        body: JSON.stringify({ Entries: [{ Source: 'evil', DetailType: 'Evil', Detail: '{}' }] }),
      },
      // Step Functions: every operation the service implements.
      ...Object.keys(OPERATIONS).map((operation) => ({
        port: ports.sfn,
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `AWSStepFunctions.${operation}`,
        },
        body: JSON.stringify({ stateMachineArn: STATE_MACHINE_ARN, name: 'evil', input: '{}' }),
      })),
      // DynamoDB: every action dynalite implements.
      ...readdirSync(join(process.cwd(), 'node_modules/dynalite/actions')).map((file) => ({
        port: ports.dynamodb,
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `DynamoDB_20120810.${file[0]?.toUpperCase()}${file.slice(1).replace(/\.js$/, '')}`,
        },
        body: JSON.stringify({ TableName: LOCAL_AWS.tableName }),
      })),
    ];
    expect(probes.filter((probe) => probe.port === ports.ses).map((probe) => probe.path)).toEqual(
      expect.arrayContaining(['/store', '/clear-store']),
    );
    expect(probes.length).toBeGreaterThan(80);

    const refusedHosts: string[] = [];
    const refusedOrigins: string[] = [];
    for (const probe of probes) {
      const name = `${probe.port} ${probe.method} ${probe.path}`;
      for (const host of [
        `evil.example:${probe.port}`,
        `localhost.evil.example:${probe.port}`,
        'evil.example',
      ]) {
        const status = await send(probe, { host });
        if (status !== 421) refusedHosts.push(`${name} with Host ${host}: ${status}`);
      }
      if (READ_ONLY.has(probe.method)) continue;
      for (const crossSite of [
        { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
        { origin: 'https://evil.example' },
        // Another port on this machine is another origin (a page served by some other local tool).
        { origin: `http://localhost:${probe.port + 1}` },
        { 'sec-fetch-site': 'same-site' },
        { origin: 'null' },
      ] as Record<string, string>[]) {
        const status = await send(probe, { host: `localhost:${probe.port}`, ...crossSite });
        if (status !== 403) refusedOrigins.push(`${name} with ${JSON.stringify(crossSite)}: ${status}`);
      }
    }
    expect(refusedHosts).toEqual([]);
    expect(refusedOrigins).toEqual([]);

    // Nothing changed: the same emails, items and executions; no stand-in crashed, no disk filled.
    expect(await snapshot()).toEqual(before);
    expect(runtime.log).not.toMatch(/stopped on purpose|no space left/);
    const health = (await (await fetch(`${runtime.apiUrl}/local/health`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    // The machine's own clients still work on every loopback name: the SDK, scripts, the browser.
    for (const host of ['localhost', '127.0.0.1', '[::1]']) {
      expect(
        await send({ port: ports.ses, method: 'GET', path: '/store' }, { host: `${host}:${ports.ses}` }),
      ).toBe(200);
    }
    expect(
      await send(
        { port: ports.api, method: 'GET', path: '/inbox' },
        { host: `localhost:${ports.api}`, 'sec-fetch-site': 'none' },
      ),
    ).toBe(200);
  });
});
