import type { IncomingMessage } from 'node:http';
import { createSigV4Verifier } from '../api-gateway/sigv4-verifier.ts';
import { ProtocolError } from './protocol-error.ts';

export interface ServiceCredentials {
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  accountId: string;
}

/**
 * SigV4 as Step Functions checks it, with the verifier the local API Gateway uses (signing name
 * `states`): a call not signed by the local credentials is refused before it reaches the engine,
 * with the error names and statuses AWS's JSON services answer (400 for all three).
 */
export function sigV4Authentication(options: ServiceCredentials) {
  const verify = createSigV4Verifier({ ...options, service: 'states' });
  return async (req: IncomingMessage, body: string): Promise<void> => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const verification = await verify({
      method: req.method ?? 'POST',
      rawPath: query === -1 ? url : url.slice(0, query),
      rawQueryString: query === -1 ? '' : url.slice(query + 1),
      headers: req.headersDistinct,
      body: Buffer.from(body, 'utf8'),
    });
    if (verification.ok) return;
    switch (verification.failure) {
      case 'missing':
        throw new ProtocolError('MissingAuthenticationTokenException', 'Missing Authentication Token');
      case 'unknown-key':
        throw new ProtocolError(
          'UnrecognizedClientException',
          'The security token included in the request is invalid.',
        );
      default:
        throw new ProtocolError(
          'InvalidSignatureException',
          `The request signature we calculated does not match the signature you provided (${verification.reason}). Sign with access key "${options.credentials.accessKeyId}" and its secret, region ${options.region}.`,
        );
    }
  };
}
