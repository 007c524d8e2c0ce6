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

import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import type { ClientRequest } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HandlerInvocation, handlerInvocations } from '../../local/handler-invocations.ts';
import { actionLinkIn } from '../../local/inbox-client.ts';
import type { ActionCallCounts, ChildMessage, DynamoDbCallCounts, ParentMessage } from './protocol.ts';

const require = createRequire(import.meta.url);
const now = () => performance.timeOrigin + performance.now();
const send = (message: ChildMessage) => process.send?.(message);

/** BENCH_TRACE_DYNAMODB=1 logs every DynamoDB call with its key: which calls does one action make? */
const TRACE = process.env.BENCH_TRACE_DYNAMODB === '1';
let calls: DynamoDbCallCounts = {};
let byAction: ActionCallCounts = {};
/** The kind of action whose handler is running, for every async step it takes (see actionKind). */
const currentAction = new AsyncLocalStorage<string>();
let emails = { count: 0, bytes: 0 };
const logLines = { error: 0, warn: 0 };

observeHandlerInvocations();
observeDynamoDbCalls();
observeSesStore();
countLogLines();
let runtimeHandle: { dynamodbHeapStatistics(): Promise<{ total_heap_size: number }> } | undefined;
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
  runtimeHandle = runtime;
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stats') {
      send({
        type: 'stats',
        dynamodb: calls,
        dynamodbByAction: byAction,
        emails,
        peakRssBytes: memory.peakRss,
        peakHeapUsedBytes: memory.peakHeap,
        peakRssParts: memory.parts,
        logLines: { ...logLines },
      });
      if (message.reset) {
        calls = {};
        byAction = {};
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

/** The action kinds the bench reports DynamoDB calls for, by task function or API route. */
const ACTION_KINDS: Record<string, string> = {
  EnterStageFunction: 'stage entry',
  RemindOrEscalateFunction: 'reminder',
  RecordProductOutcomeFunction: 'product outcome',
  CompleteOnboardingFunction: 'completion',
  'POST /onboardings': 'start',
  'GET /a/{id}': 'view',
  'HEAD /a/{id}': 'view',
  'POST /a/{id}': 'decision',
};

function actionKind(invocation: HandlerInvocation): string {
  return ACTION_KINDS[invocation.name] ?? `${invocation.kind} ${invocation.name}`;
}

/**
 * Every handler invocation runs with its action kind in `currentAction` (bound to the local
 * runtime's tracing channel), so a DynamoDB request can be put down to the action that sent it.
 */
function observeHandlerInvocations(): void {
  handlerInvocations.start.bindStore(currentAction, (invocation) => {
    const kind = actionKind(invocation as HandlerInvocation);
    const entry = byAction[kind] ?? { invocations: 0, calls: 0, byOperation: {} };
    byAction[kind] = entry;
    entry.invocations += 1;
    return kind;
  });
}

function callEntry(operation: string) {
  const entry = calls[operation] ?? { count: 0, bytes: 0, indexedWrites: 0, items: 0, readUnits: 0 };
  calls[operation] = entry;
  return entry;
}

/** Counts DynamoDB calls as the runtime's SDK clients send them; their body is read as it is sent. */
function observeDynamoDbCalls(): void {
  // Reads are billed by the size of what comes back: one unit per 4 KB, at least one per read.
  subscribe('http.client.response.finish', (message) => {
    const { request, response } = message as {
      request: ClientRequest;
      response: { headers: Record<string, unknown> };
    };
    const operation = String(request.getHeader('x-amz-target') ?? '').split('.')[1] ?? '';
    if (!/^(GetItem|Query|BatchGetItem|Scan)$/.test(operation)) return;
    const bytes = Number(response.headers['content-length'] ?? 0);
    callEntry(operation).readUnits += Math.max(1, Math.ceil(bytes / 4096));
  });
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
  const entry = callEntry(operation);
  entry.count += 1;
  entry.bytes += Buffer.byteLength(body);
  entry.items +=
    operation === 'BatchWriteItem' ? (body.toString().match(/"(Put|Delete)Request"/g)?.length ?? 0) : 1;
  const action = byAction[currentAction.getStore() ?? ''];
  if (action) {
    action.calls += 1;
    action.byOperation[operation] = (action.byOperation[operation] ?? 0) + 1;
  }
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
      link: actionLinkIn({
        messageId: '',
        from: '',
        to: [],
        cc: [],
        replyTo: [],
        subject: '',
        text,
        html: '',
        at: 0,
      }),
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

/**
 * Peak RSS and JS heap, sampled every 50 ms; at each new RSS peak, what it was made of: the main
 * thread's heap, the DynamoDB worker's heap (another V8 isolate, sampled less often) and the rest.
 */
function peakMemorySampler() {
  const state = {
    peakRss: 0,
    peakHeap: 0,
    workerHeap: 0,
    parts: undefined as undefined | { mainHeapBytes: number; workerHeapBytes: number; otherBytes: number },
  };
  const sample = () => {
    const usage = process.memoryUsage();
    if (usage.rss > state.peakRss) {
      state.peakRss = usage.rss;
      state.parts = {
        mainHeapBytes: usage.heapTotal,
        workerHeapBytes: state.workerHeap,
        otherBytes: usage.rss - usage.heapTotal - state.workerHeap,
      };
    }
    state.peakHeap = Math.max(state.peakHeap, usage.heapUsed);
  };
  sample();
  setInterval(sample, 50).unref();
  setInterval(() => {
    void runtimeHandle?.dynamodbHeapStatistics().then(
      (stats) => {
        state.workerHeap = stats.total_heap_size;
      },
      () => {},
    );
  }, 500).unref();
  return {
    get peakRss() {
      sample();
      return state.peakRss;
    },
    get peakHeap() {
      return state.peakHeap;
    },
    get parts() {
      return state.parts;
    },
    reset() {
      state.peakRss = 0;
      state.peakHeap = 0;
      sample();
    },
  };
}
