import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExtraHandler } from '../api-gateway/index.ts';
import { readRequestBody } from '../api-gateway/request-body.ts';
import { createSigV4Verifier } from '../api-gateway/sigv4-verifier.ts';
import { LOCAL_AWS } from '../config.ts';
import type { LocalEventSink } from './event-sink.ts';

const TARGET = 'AWSEvents.PutEvents';
/** PutEvents' own limits: at most 10 entries, 256 KiB in all. */
const MAX_ENTRIES = 10;
const MAX_BYTES = 256 * 1024;

interface PutEventsEntry {
  Source?: unknown;
  DetailType?: unknown;
  Detail?: unknown;
  EventBusName?: unknown;
  Time?: unknown;
}

/**
 * The EventBridge stand-in: `PutEvents` (AWS JSON 1.1, SigV4 with the local credentials) on the local
 * API port, so the functions' EventBridge client works unchanged, as the other stand-ins do. Each
 * entry goes to the local sink; only the `default` bus exists here.
 */
export function putEventsRoute(sink: LocalEventSink): ExtraHandler {
  const verify = createSigV4Verifier({
    credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
    region: LOCAL_AWS.region,
    accountId: LOCAL_AWS.accountId,
    service: 'events',
  });
  return (request, response) => {
    if (request.method !== 'POST' || request.headers['x-amz-target'] !== TARGET) return false;
    void answer(request, response, verify, sink);
    return true;
  };
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  verify: ReturnType<typeof createSigV4Verifier>,
  sink: LocalEventSink,
) {
  const reply = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(JSON.stringify(body));
  };
  const fail = (status: number, type: string, message: string) => reply(status, { __type: type, message });
  try {
    const body = await readRequestBody(request, MAX_BYTES);
    const target = request.url ?? '/';
    const queryStart = target.indexOf('?');
    const verification = await verify({
      method: 'POST',
      rawPath: queryStart === -1 ? target : target.slice(0, queryStart),
      rawQueryString: queryStart === -1 ? '' : target.slice(queryStart + 1),
      headers: request.headersDistinct,
      body,
    });
    if (!verification.ok)
      return fail(
        403,
        'UnrecognizedClientException',
        `The request signature is not valid: ${verification.reason}`,
      );
    const entries = (JSON.parse(body.toString('utf8')) as { Entries?: PutEventsEntry[] }).Entries;
    if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_ENTRIES)
      return fail(400, 'ValidationException', `Entries must hold 1 to ${MAX_ENTRIES} events.`);
    const results = entries.map((entry) => {
      const bus = entry.EventBusName ?? 'default';
      if (
        bus !== 'default' &&
        bus !== `arn:aws:events:${LOCAL_AWS.region}:${LOCAL_AWS.accountId}:event-bus/default`
      )
        return {
          ErrorCode: 'ResourceNotFoundException',
          ErrorMessage: `Event bus ${String(bus)} does not exist.`,
        };
      if (
        typeof entry.Source !== 'string' ||
        typeof entry.DetailType !== 'string' ||
        typeof entry.Detail !== 'string'
      )
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Source, DetailType and Detail are required.' };
      let detail: unknown;
      try {
        detail = JSON.parse(entry.Detail);
      } catch {
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON.' };
      }
      if (detail === null || typeof detail !== 'object' || Array.isArray(detail))
        return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail must be a JSON object.' };
      sink.deliver({
        source: entry.Source,
        detailType: entry.DetailType,
        detail: detail as Record<string, unknown>,
        time: timeOf(entry.Time),
      });
      return { EventId: crypto.randomUUID() };
    });
    reply(200, {
      FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length,
      Entries: results,
    });
  } catch (error) {
    if (!response.headersSent)
      fail(500, 'InternalException', error instanceof Error ? error.message : 'The event could not be kept.');
  }
}

/** The SDK sends `Time` as epoch seconds. */
function timeOf(time: unknown): string | undefined {
  if (typeof time === 'number') return new Date(time * 1000).toISOString();
  if (typeof time === 'string' && !Number.isNaN(Date.parse(time))) return new Date(time).toISOString();
  return undefined;
}
