import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '../../functions/runtime/sha256.ts';
import { LOCAL_AWS } from '../../local/config.ts';

/** One request an attacker, a broken client or a confused person might send. */
export interface HostileRequest {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** How to sign it (IAM routes): properly, with a wrong secret, with an old date, or not at all. */
  signing?: 'good' | 'wrong-secret' | 'stale' | 'unknown-key' | 'body-swapped';
}

export function form(fields: Record<string, string | string[]>): {
  body: string;
  headers: Record<string, string>;
} {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  return { body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}

export function json(value: unknown): { body: string; headers: Record<string, string> } {
  return {
    body: typeof value === 'string' ? value : JSON.stringify(value),
    headers: { 'content-type': 'application/json' },
  };
}

/** Sends a hostile request and returns what came back. */
export async function send(
  apiUrl: string,
  request: HostileRequest,
): Promise<{ status: number; contentType: string; text: string }> {
  const url = new URL(request.path, apiUrl);
  let headers: Record<string, string> = { ...request.headers };
  let body = request.body;
  if (request.signing) {
    const credentials =
      request.signing === 'wrong-secret'
        ? { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: 'not-the-secret' }
        : request.signing === 'unknown-key'
          ? { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: LOCAL_AWS.secretAccessKey }
          : { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey };
    const signer = new SignatureV4({
      credentials,
      region: LOCAL_AWS.region,
      service: 'execute-api',
      sha256: Sha256,
    });
    const signed = await signer.sign(
      {
        method: request.method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        query: {},
        headers: { host: url.host, ...headers },
        body,
      },
      { signingDate: request.signing === 'stale' ? new Date(Date.now() - 3_600_000) : new Date() },
    );
    headers = Object.fromEntries(
      Object.entries(signed.headers).map(([name, value]) => [name, String(value)]),
    );
    if (request.signing === 'body-swapped') body = `${body ?? ''} `;
  }
  const response = await fetch(url, { method: request.method, headers, body, redirect: 'manual' });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

/** A message a person can act on: a JSON `message`, or a page with a heading and an explanation. */
export function isActionable(
  response: { status: number; contentType: string; text: string },
  method: string,
): boolean {
  if (method === 'HEAD') return true;
  if (response.contentType.includes('json')) {
    const message = (JSON.parse(response.text) as { message?: unknown }).message;
    return typeof message === 'string' && message.trim().length >= 5;
  }
  if (response.contentType.includes('html'))
    return /<h1[^>]*>[^<]{3,}/.test(response.text) && /<p[^>]*>[^<]{10,}/.test(response.text);
  return false;
}
