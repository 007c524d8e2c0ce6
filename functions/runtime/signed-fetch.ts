import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from './sha256.ts';

/** AWS credentials as the SDK resolves them (a session token with temporary ones). */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Calls an IAM-authorised API Gateway route, signed with SigV4 (service execute-api) the way an AWS
 * SDK or `awscurl` would: a JSON body for POST, none for GET. The local runtime's tools, the ops CLI
 * and the post-deploy smoke check use it.
 */
export async function signedFetch(
  request: { method: 'GET' | 'POST'; url: string; body?: unknown },
  credentials: SigningCredentials,
  region: string,
): Promise<Response> {
  const target = new URL(request.url);
  const text = request.method === 'POST' ? JSON.stringify(request.body) : undefined;
  const signer = new SignatureV4({ credentials, region, service: 'execute-api', sha256: Sha256 });
  const signed = await signer.sign({
    method: request.method,
    protocol: target.protocol,
    hostname: target.hostname,
    port: target.port ? Number(target.port) : undefined,
    path: target.pathname,
    query: Object.fromEntries(target.searchParams),
    headers: { host: target.host, ...(text === undefined ? {} : { 'content-type': 'application/json' }) },
    body: text,
  });
  return fetch(request.url, {
    method: request.method,
    headers: Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name, String(value)])),
    body: text,
  });
}

/** POSTs JSON to an IAM-authorised route, signed with SigV4. */
export function signedPostJson(
  url: string,
  body: unknown,
  credentials: SigningCredentials,
  region: string,
): Promise<Response> {
  return signedFetch({ method: 'POST', url, body }, credentials, region);
}
