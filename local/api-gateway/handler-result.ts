import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** What goes back to the client, decided from a handler's return value. */
export interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
  /** Notes for the log about parts of the result AWS would ignore (never their values). */
  warnings: string[];
}

export class MalformedResultError extends Error {
  override name = 'MalformedResultError';
}

/**
 * Applies API Gateway's payload 2.0 response rules. A result with `statusCode` is structured:
 * headers, cookies (one Set-Cookie each) and the body, base64-decoded when isBase64Encoded. Any
 * other value is inferred: 200, application/json, the value as body (a string as is, anything
 * else as JSON). A structured result AWS could not use fails, like on AWS, with a 500.
 */
export function toHttpAnswer(result: unknown): HttpAnswer {
  if (!isStructured(result)) {
    const body = typeof result === 'string' ? result : (JSON.stringify(result) ?? 'null');
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      cookies: [],
      body: Buffer.from(body, 'utf8'),
      warnings: [],
    };
  }

  const statusCode = result.statusCode;
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    throw new MalformedResultError(`statusCode ${String(statusCode)} is not an HTTP status.`);
  }
  if (result.body !== undefined && result.body !== null && typeof result.body !== 'string') {
    throw new MalformedResultError('body must be a string.');
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    headers[name.toLowerCase()] = String(value);
  }
  const warnings =
    'multiValueHeaders' in result
      ? ['multiValueHeaders is ignored with payload format 2.0 (use headers, or cookies for Set-Cookie)']
      : [];
  const body = result.body ?? '';
  return {
    statusCode,
    headers,
    cookies: (result.cookies ?? []).map(String),
    body: Buffer.from(body, result.isBase64Encoded ? 'base64' : 'utf8'),
    warnings,
  };
}

function isStructured(
  result: unknown,
): result is APIGatewayProxyStructuredResultV2 & { statusCode: number; multiValueHeaders?: unknown } {
  return typeof result === 'object' && result !== null && !Array.isArray(result) && 'statusCode' in result;
}
