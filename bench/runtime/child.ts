/**
 * The local runtime (`startLocalRuntime`, exactly what `npm start` runs) in a process of its own, on
 * free ports and a temporary data folder, so the bench's simulated people do not share its event
 * loop and its memory is measured alone. It observes the stand-ins without changing them:
 * - every email the SES stand-in stores is stamped (wall clock, sub-millisecond) and sent to the
 *   bench over IPC, so "action -> next email stored" is measured exactly, without polling GET /store;
 * - every DynamoDB request the runtime sends is counted by operation (Node's http client diagnostics
 *   channel), for the floor and the cost model, wherever dynalite runs.
 * Handler log lines (stdout) go to the log file the bench gave as stdout; ERROR/WARN lines are counted.
 */

import { subscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import type { ClientRequest } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionLinkIn } from '../../local/inbox-client.ts';
import type { ChildMessage, DynamoDbCallCounts, ParentMessage } from './protocol.ts';

const require = createRequire(import.meta.url);
const now = () => performance.timeOrigin + performance.now();
const send = (message: ChildMessage) => process.send?.(message);

/** BENCH_TRACE_DYNAMODB=1 logs every DynamoDB call with its key: which calls does one action make? */
const TRACE = process.env.BENCH_TRACE_DYNAMODB === '1';
let calls: DynamoDbCallCounts = {};
let emails = { count: 0, bytes: 0 };
const logLines = { error: 0, warn: 0 };

observeDynamoDbCalls();
observeSesStore();
countLogLines();
const memory = peakMemorySampler();

const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-bench-'));
const { localConfig } = await import('../../local/config.ts');
const { startLocalRuntime } = await import('../../local/runtime.ts');
const config = localConfig({
  HOST: '127.0.0.1',
  PORT: '0',
  SFN_PORT: '0',
  DYNAMODB_PORT: '0',
  SES_PORT: '0',
  LOCAL_DATA_DIR: dataDir,
  // Long enough that no reminder fires during a run: the bench measures the happy path.
  LOCAL_PROVIDER_WAIT_SECONDS: '86400',
  LOCAL_TEAM_WAIT_SECONDS: '86400',
});

try {
  const runtime = await startLocalRuntime(config, (line) => process.stdout.write(`${line}\n`));
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stats') {
      send({
        type: 'stats',
        dynamodb: calls,
        emails,
        peakRssBytes: memory.peakRss,
        peakHeapUsedBytes: memory.peakHeap,
        logLines: { ...logLines },
      });
      if (message.reset) {
        calls = {};
        emails = { count: 0, bytes: 0 };
        memory.reset();
      }
    }
    if (message.type === 'stop') {
      void runtime.stop().finally(() => {
        rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      });
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', urls: runtime.urls, dataDir });
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
}

/** Counts DynamoDB calls as the runtime's SDK clients send them; their body is read as it is sent. */
function observeDynamoDbCalls(): void {
  subscribe('http.client.request.created', (message) => {
    const { request } = message as { request: ClientRequest };
    const target = String(request.getHeader('x-amz-target') ?? '');
    if (!target.startsWith('DynamoDB_')) return;
    const operation = target.split('.')[1] ?? 'unknown';
    const end = request.end.bind(request) as (...args: unknown[]) => ClientRequest;
    request.end = ((...args: unknown[]) => {
      const [chunk] = args;
      countCall(operation, typeof chunk === 'string' || Buffer.isBuffer(chunk) ? chunk : '');
      return end(...args);
    }) as ClientRequest['end'];
  });
}

function keyOf(body: string): string {
  return (
    body
      .match(/"pk":\{"S":"([^"]*)"\},"sk":\{"S":"([^"]*)"/)
      ?.slice(1)
      .join(' ') ?? body.slice(0, 120)
  );
}

function countCall(operation: string, body: string | Buffer): void {
  const entry = calls[operation] ?? { count: 0, bytes: 0, indexedWrites: 0 };
  calls[operation] = entry;
  entry.count += 1;
  entry.bytes += Buffer.byteLength(body);
  if (TRACE) process.stdout.write(`[dynamodb] ${operation} ${keyOf(body.toString())}\n`);
  // Profile items carry the by-stage index keys: DynamoDB bills the index write too.
  if ((operation === 'PutItem' || operation === 'UpdateItem') && body.includes('"PROFILE"')) {
    entry.indexedWrites += 1;
  }
}

/** aws-ses-v2-local's handlers call `store.saveEmail` through the module's exports: wrap it. */
function observeSesStore(): void {
  const store = require('aws-ses-v2-local/dist/store.js') as { saveEmail: (email: SesEmail) => void };
  const save = store.saveEmail;
  store.saveEmail = (email: SesEmail) => {
    save(email);
    const at = now();
    const text = email.body?.text ?? '';
    const bytes = text.length + (email.body?.html?.length ?? 0);
    emails.count += 1;
    emails.bytes += bytes;
    send({
      type: 'email',
      at,
      to: email.destination?.to ?? [],
      subject: email.subject ?? '',
      link: actionLinkIn({ messageId: '', from: '', to: [], cc: [], subject: '', text, html: '', at: 0 }),
      bytes,
    });
  };
}

interface SesEmail {
  subject?: string;
  destination?: { to?: string[] };
  body?: { text?: string; html?: string };
}

function countLogLines(): void {
  const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : String(chunk);
    if (text.includes('"level":"ERROR"')) logLines.error += 1;
    if (text.includes('"level":"WARN"')) logLines.warn += 1;
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
}

function peakMemorySampler() {
  const state = { peakRss: 0, peakHeap: 0 };
  const sample = () => {
    const usage = process.memoryUsage();
    state.peakRss = Math.max(state.peakRss, usage.rss);
    state.peakHeap = Math.max(state.peakHeap, usage.heapUsed);
  };
  sample();
  setInterval(sample, 50).unref();
  return {
    get peakRss() {
      sample();
      return state.peakRss;
    },
    get peakHeap() {
      return state.peakHeap;
    },
    reset() {
      state.peakRss = 0;
      state.peakHeap = 0;
      sample();
    },
  };
}
