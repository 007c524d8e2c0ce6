import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { InvalidInputError, UserFacingError } from '../domain/errors.ts';

export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Reads a JSON or form-encoded body (API Gateway may base64 it) with a size limit. Repeated form
 * fields become arrays (checkbox groups). Anything else is refused with a message that says why.
 */
export function parseRequestBody(event: APIGatewayProxyEventV2, maxBytes = MAX_BODY_BYTES): unknown {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > maxBytes) {
    throw new UserFacingError(`The request is too large: at most ${maxBytes} bytes are accepted.`, 413);
  }
  const text = bytes.toString('utf8');
  const contentType = (event.headers?.['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

  if (contentType === 'application/json') {
    if (text.trim() === '') throw new InvalidInputError('The request body is empty; send a JSON object.');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new InvalidInputError('The request body is not valid JSON.');
    }
  }
  if (contentType === 'application/x-www-form-urlencoded') {
    const fields: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(text)) {
      const existing = fields[key];
      fields[key] =
        existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
    return fields;
  }
  throw new UserFacingError(
    'Unsupported content type: send application/json or application/x-www-form-urlencoded.',
    415,
  );
}
