import { timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { APIGatewayEventRequestContextIAMAuthorizer } from 'aws-lambda';
import { Sha256 } from '../../functions/runtime/sha256.ts';
import { parseQueryString } from './query-string.ts';
import { parseAmzDate, parseSigV4Authorization } from './sigv4-authorization.ts';

/** AWS refuses signatures dated more than 15 minutes away from its clock (replay window). */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface SignedRequest {
  method: string;
  /** The path exactly as sent (still percent-encoded): what the client signed. */
  rawPath: string;
  rawQueryString: string;
  headers: NodeJS.Dict<string[]>;
  body: Buffer;
}

export type Verification =
  | { ok: true; authorizer: APIGatewayEventRequestContextIAMAuthorizer }
  /**
   * `missing`: not signed at all; `unknown-key`: signed with an access key other than the local one;
   * `invalid`: signed, but not with the local secret, too long ago, or altered.
   */
  | { ok: false; failure: 'missing' | 'unknown-key' | 'invalid'; reason: string };

export interface VerifierOptions {
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  accountId: string;
  /** The signing name in the credential scope: `execute-api` (the default), `states`, `dynamodb`. */
  service?: string;
  now?: () => Date;
}

/**
 * Checks a SigV4-signed request the way the HttpIamAuthorizer does, against the one set of local
 * credentials: it re-signs the request as received with the real SignatureV4, using the headers the
 * client listed as signed, and compares signatures in constant time. The body is hashed here, so a
 * body changed after signing fails even when the client sent x-amz-content-sha256.
 * Only the Authorization header form is supported (no presigned query strings).
 */
export function createSigV4Verifier(options: VerifierOptions) {
  const now = options.now ?? (() => new Date());
  const service = options.service ?? 'execute-api';
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region,
    service,
    sha256: Sha256,
    // Keep the headers exactly as sent: never add x-amz-content-sha256 the client did not sign.
    applyChecksum: false,
  });
  const invalid = (reason: string): Verification => ({ ok: false, failure: 'invalid', reason });

  return async (request: SignedRequest): Promise<Verification> => {
    const header = request.headers.authorization?.[0];
    if (!header) return { ok: false, failure: 'missing', reason: 'no Authorization header' };
    const authorization = parseSigV4Authorization(header);
    if (!authorization) return invalid('the Authorization header is not AWS4-HMAC-SHA256');

    const { scope, signedHeaders } = authorization;
    if (authorization.accessKeyId !== options.credentials.accessKeyId) {
      return { ok: false, failure: 'unknown-key', reason: 'unknown access key' };
    }
    if (scope.service !== service || scope.region !== options.region || scope.terminator !== 'aws4_request') {
      return invalid(`credential scope is not ${options.region}/${service}/aws4_request`);
    }
    if (!signedHeaders.includes('host')) return invalid('the host header is not signed');

    const amzDate = request.headers['x-amz-date']?.[0] ?? '';
    const signingDate = parseAmzDate(amzDate);
    if (!signingDate || !amzDate.startsWith(scope.date)) return invalid('x-amz-date is missing or malformed');
    if (Math.abs(now().getTime() - signingDate.getTime()) > MAX_CLOCK_SKEW_MS) {
      return invalid('x-amz-date is more than 15 minutes away from now');
    }

    const bodyHash = new Sha256();
    bodyHash.update(request.body);
    const claimedHash = request.headers['x-amz-content-sha256']?.[0];
    if (claimedHash !== undefined && claimedHash !== Buffer.from(await bodyHash.digest()).toString('hex')) {
      return invalid('x-amz-content-sha256 does not match the body');
    }

    const headers: Record<string, string> = {};
    for (const name of signedHeaders) {
      const values = request.headers[name];
      if (!values) return invalid(`signed header ${name} is missing`);
      headers[name] = values.join(',');
    }
    const query = Object.fromEntries(parseQueryString(request.rawQueryString));
    const resigned = await signer.sign(
      {
        method: request.method,
        protocol: 'http:',
        hostname: headers.host ?? '',
        path: request.rawPath,
        query,
        headers,
        body: request.body,
      },
      { signingDate, signableHeaders: new Set(signedHeaders) },
    );
    const expected = parseSigV4Authorization(String(resigned.headers.authorization ?? ''))?.signature ?? '';
    if (!sameText(expected, authorization.signature)) return invalid('signature mismatch');

    const { accessKeyId } = authorization;
    return {
      ok: true,
      authorizer: {
        iam: {
          accessKey: accessKeyId,
          accountId: options.accountId,
          // A local key has no IAM unique id: the key id stands in for it.
          callerId: accessKeyId,
          cognitoIdentity: null,
          // AWS sends null for a principal outside an organization; the type says string.
          principalOrgId: null as unknown as string,
          userArn: `arn:aws:iam::${options.accountId}:user/${accessKeyId}`,
          userId: accessKeyId,
        },
      },
    };
  };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
