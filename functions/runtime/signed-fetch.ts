import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from './sha256.ts';

/** AWS credentials as the SDK resolves them (a session token with temporary ones). */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * POSTs JSON to an IAM-authorised API Gateway route, signed with SigV4 (service execute-api) the way
 * an AWS SDK or `awscurl` would: the local runtime's tools and the post-deploy smoke check use it.
 */
export async function signedPostJson(
  url: string,
  body: unknown,
  credentials: SigningCredentials,
  region: string,
): Promise<Response> {
  const target = new URL(url);
  const text = JSON.stringify(body);
  const signer = new SignatureV4({ credentials, region, service: 'execute-api', sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: target.protocol,
    hostname: target.hostname,
    port: target.port ? Number(target.port) : undefined,
    path: target.pathname,
    query: {},
    headers: { host: target.host, 'content-type': 'application/json' },
    body: text,
  });
  return fetch(url, {
    method: 'POST',
    headers: Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name, String(value)])),
    body: text,
  });
}
