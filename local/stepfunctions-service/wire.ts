import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export const CONTENT_TYPE = 'application/x-amz-json-1.0';

/**
 * The AWS JSON protocols send timestamps as epoch seconds (fractions allowed), and the SDK's
 * deserializer parses them from numbers; `JSON.stringify` would turn a Date into ISO text instead.
 */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toWire(item)]));
  }
  return value;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(toWire(body));
  res.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    // The SDK reports it as `$metadata.requestId`; AWS always sends one.
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  res.end(text);
}

export function sendResult(res: ServerResponse, body: unknown): void {
  send(res, 200, body, {});
}

/**
 * An AWS JSON 1.0 error. The SDK looks for the error code in the body's `__type` first and the
 * `x-amzn-errortype` header last; both are sent so any client (SDK, CLI, curl) finds it.
 */
export function sendError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  send(res, status, { __type: type, message }, { 'x-amzn-errortype': type, ...headers });
}
