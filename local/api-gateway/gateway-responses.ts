import type { ServerResponse } from 'node:http';

/**
 * The answers API Gateway itself gives, before or instead of the Lambda: same status and JSON body
 * as on AWS, so clients and tests meet the same errors locally.
 */
export const GATEWAY_RESPONSES = {
  notFound: { statusCode: 404, message: 'Not Found' },
  missingAuthenticationToken: { statusCode: 403, message: 'Missing Authentication Token' },
  invalidSignature: {
    statusCode: 403,
    message:
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  },
  payloadTooLarge: { statusCode: 413, message: 'Request Entity Too Large' },
  internalServerError: { statusCode: 500, message: 'Internal Server Error' },
} as const;

export type GatewayResponse = (typeof GATEWAY_RESPONSES)[keyof typeof GATEWAY_RESPONSES];

export function sendGatewayResponse(
  response: ServerResponse,
  gatewayResponse: GatewayResponse,
  requestId: string,
): void {
  const body = JSON.stringify({ message: gatewayResponse.message });
  response.writeHead(gatewayResponse.statusCode, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'apigw-requestid': requestId,
  });
  response.end(body);
}
