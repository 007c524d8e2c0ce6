import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { InvalidInputError, UserFacingError } from '../domain/errors.ts';

export const MAX_BODY_BYTES = 16 * 1024;

const MEDIA_TYPES = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
} as const;
export type BodyFormat = keyof typeof MEDIA_TYPES;

/**
 * Reads a JSON or form-encoded body (API Gateway may base64 it) with a size limit. Repeated form
 * fields become arrays (checkbox groups). Each route names the formats it takes (the JSON APIs take
 * JSON only); bodies in another format or another charset than UTF-8 are refused, never guessed at.
 */
export function parseRequestBody(
  event: APIGatewayProxyEventV2,
  options: { accept?: BodyFormat[]; maxBytes?: number } = {},
): unknown {
  const accept = options.accept ?? ['json', 'form'];
  const maxBytes = options.maxBytes ?? MAX_BODY_BYTES;
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > maxBytes) {
    throw new UserFacingError(`The request is too large: at most ${maxBytes} bytes are accepted.`, 413);
  }
  const [mediaType = '', ...parameters] = (event.headers?.['content-type'] ?? '')
    .split(';')
    .map((part) => part.trim());
  const charset = parameters.find((parameter) => parameter.toLowerCase().startsWith('charset='))?.slice(8);
  if (charset && !/^"?utf-8"?$/i.test(charset)) {
    throw new UserFacingError(`Unsupported charset "${charset.slice(0, 20)}": send UTF-8.`, 415);
  }
  const format = accept.find((candidate) => MEDIA_TYPES[candidate] === mediaType.toLowerCase());
  if (!format) {
    throw new UserFacingError(
      `Unsupported content type: send ${accept.map((name) => MEDIA_TYPES[name]).join(' or ')}.`,
      415,
    );
  }
  const text = bytes.toString('utf8');

  if (format === 'json') {
    if (text.trim() === '') throw new InvalidInputError('The request body is empty; send a JSON object.');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new InvalidInputError('The request body is not valid JSON.');
    }
  }
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = fields[key];
    fields[key] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return fields;
}
