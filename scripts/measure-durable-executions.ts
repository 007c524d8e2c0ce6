/**
 * What keeping executions in the data folder costs (`npx tsx scripts/measure-durable-executions.ts`):
 *  1. bytes on disk per execution: a one-product and a two-product happy-path onboarding, each played
 *     to the end by `npm run demo` against `npm start`;
 *  2. `npm start`'s restart time and RSS on a data folder holding 1,000 onboardings' executions (copies
 *     of those two, half each) against an empty folder, alternating, three starts each.
 * Figures are printed, never asserted. Uses its own temp folders and free ports.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { LOCAL_AWS } from '../local/config.ts';
import { freePort } from '../local/port-check.ts';
import { fileIdOf, type StoredExecution } from '../local/stepfunctions/execution-files.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const MACHINE = LOCAL_AWS.stateMachineName;
const ONBOARDINGS = 1_000;
const STARTS = 3;

interface Ports {
  PORT: string;
  SFN_PORT: string;
  DYNAMODB_PORT: string;
  SES_PORT: string;
}

async function freePorts(): Promise<Ports> {
  return {
    PORT: String(await freePort()),
    SFN_PORT: String(await freePort()),
    DYNAMODB_PORT: String(await freePort()),
    SES_PORT: String(await freePort()),
  };
}

interface Started {
  child: ChildProcess;
  readyMs: number;
  wallMs: number;
}

async function startRuntime(dataDir: string, ports: Ports): Promise<Started> {
  const began = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...ports, LOCAL_DATA_DIR: dataDir, LOCAL_QUIET: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const readyMs = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /ready in (\d+) ms/.exec(output);
      if (ready?.[1]) resolve(Number(ready[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', () => reject(new Error(`npm start ended before it was ready:\n${output}`)));
  });
  return { child, readyMs, wallMs: Math.round(performance.now() - began) };
}

async function stopRuntime(started: Started): Promise<void> {
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  started.child.kill('SIGTERM');
  await exited;
}

function rssMiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 102.4) / 10;
}

async function runDemo(ports: Ports, products: number): Promise<{ name: string; states: number }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'local/demo.ts', '--products', String(products)],
    { cwd: REPO_ROOT, env: { ...process.env, ...ports } },
  );
  const summary = /execution\s+(\S+): SUCCEEDED, (\d+) states entered/.exec(stdout);
  if (!summary?.[1]) throw new Error(`The demo did not succeed:\n${stdout}`);
  return { name: summary[1], states: Number(summary[2]) };
}

interface Template {
  products: number;
  states: number;
  record: StoredExecution;
  history: string;
  recordBytes: number;
  historyBytes: number;
  events: number;
}

function templateOf(dir: string, name: string, products: number, states: number): Template {
  const recordText = readFileSync(join(dir, 'executions', `${fileIdOf(name)}.json`), 'utf8');
  const history = readFileSync(join(dir, 'executions', `${fileIdOf(name)}.jsonl`), 'utf8');
  return {
    products,
    states,
    record: JSON.parse(recordText) as StoredExecution,
    history,
    recordBytes: statSync(join(dir, 'executions', `${fileIdOf(name)}.json`)).size,
    historyBytes: Buffer.byteLength(history),
    events: history.split('\n').filter(Boolean).length,
  };
}

/** A data folder whose Step Functions files hold `count` ended onboardings, copies of the templates. */
function folderOf(count: number, templates: Template[]): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'measure-executions-'));
  const dir = join(dataDir, 'stepfunctions', MACHINE);
  mkdirSync(join(dir, 'executions'), { recursive: true });
  const index: string[] = [];
  for (let seq = 1; seq <= count; seq += 1) {
    const template = templates[seq % templates.length] as Template;
    const name = `measured-company-${seq}-abcdefgh`;
    const record = { ...template.record, seq, name };
    writeFileSync(join(dir, 'executions', `${fileIdOf(name)}.json`), JSON.stringify(record));
    writeFileSync(join(dir, 'executions', `${fileIdOf(name)}.jsonl`), template.history);
    index.push(
      JSON.stringify({ seq, name, startDate: Date.parse(record.startDate) }),
      JSON.stringify({
        seq,
        status: record.status,
        stopDate: Date.parse(record.stopDate ?? record.startDate),
      }),
    );
  }
  writeFileSync(join(dir, 'executions.jsonl'), `${index.join('\n')}\n`);
  return dataDir;
}

async function listedCount(ports: Ports): Promise<number> {
  const sfn = new SFNClient({
    endpoint: `http://127.0.0.1:${ports.SFN_PORT}`,
    region: LOCAL_AWS.region,
    credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
  });
  let count = 0;
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: `arn:aws:states:${LOCAL_AWS.region}:${LOCAL_AWS.accountId}:stateMachine:${MACHINE}`,
        maxResults: 1000,
        nextToken,
      }),
    );
    count += page.executions?.length ?? 0;
    nextToken = page.nextToken;
  } while (nextToken);
  sfn.destroy();
  return count;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function main(): Promise<void> {
  // 1. Real executions, and their files.
  const demoDir = mkdtempSync(join(tmpdir(), 'measure-demo-'));
  const ports = await freePorts();
  const runtime = await startRuntime(demoDir, ports);
  const one = await runDemo(ports, 1);
  const two = await runDemo(ports, 2);
  await stopRuntime(runtime);
  const machineDir = join(demoDir, 'stepfunctions', MACHINE);
  const indexBytes = statSync(join(machineDir, 'executions.jsonl')).size;
  const templates = [
    templateOf(machineDir, one.name, 1, one.states),
    templateOf(machineDir, two.name, 2, two.states),
  ];
  rmSync(demoDir, { recursive: true, force: true });
  for (const t of templates) {
    console.log(
      `${t.products} product(s): ${t.states} states entered, ${t.events} events; record ${t.recordBytes} B, history ${t.historyBytes} B, index ~${Math.round(indexBytes / 2)} B; total ~${t.recordBytes + t.historyBytes + Math.round(indexBytes / 2)} B`,
    );
  }

  // 2. Restarts: an empty folder against 1,000 onboardings' executions, alternating.
  const runs: Record<'empty' | 'thousand', { readyMs: number[]; wallMs: number[]; rss: number[] }> = {
    empty: { readyMs: [], wallMs: [], rss: [] },
    thousand: { readyMs: [], wallMs: [], rss: [] },
  };
  for (let attempt = 0; attempt < STARTS; attempt += 1) {
    for (const kind of ['empty', 'thousand'] as const) {
      const dataDir =
        kind === 'empty' ? mkdtempSync(join(tmpdir(), 'measure-empty-')) : folderOf(ONBOARDINGS, templates);
      const restartPorts = await freePorts();
      const started = await startRuntime(dataDir, restartPorts);
      runs[kind].readyMs.push(started.readyMs);
      runs[kind].wallMs.push(started.wallMs);
      runs[kind].rss.push(rssMiB(started.child.pid));
      const listed = await listedCount(restartPorts);
      if (listed !== (kind === 'empty' ? 0 : ONBOARDINGS))
        throw new Error(`${kind}: ${listed} executions listed`);
      await stopRuntime(started);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  for (const kind of ['empty', 'thousand'] as const) {
    const { readyMs, wallMs, rss } = runs[kind];
    console.log(
      `${kind.padEnd(8)} ready in ${readyMs.join('/')} ms (median ${median(readyMs)}), spawn to ready ${wallMs.join('/')} ms (median ${median(wallMs)}), RSS ${rss.join('/')} MiB (median ${median(rss)})`,
    );
  }
  console.log(
    `ratio (1,000 / empty): ready ${(median(runs.thousand.readyMs) / median(runs.empty.readyMs)).toFixed(2)}, RSS ${(median(runs.thousand.rss) / median(runs.empty.rss)).toFixed(2)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
