import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { hostNameOf, LOOPBACK_HOST_NAMES, localRequestRefusal } from './loopback-guard.mjs';

/** SES events are a few KiB; SNS itself caps a message at 256 KiB. */
export const MAX_SES_EVENT_BYTES = 64 * 1024;
/** An SES bounce or complaint nests about five levels deep; anything far deeper is not one. */
export const MAX_SES_EVENT_DEPTH = 32;

const LOOPBACK_IPS = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export interface Refusal {
  statusCode: number;
  message: string;
}

/**
 * Who may post to `/local/ses-events`. On AWS only the SNS subscription can invoke the email-events
 * function; locally the stand-in for SNS's signature is: a loopback caller, naming a loopback host
 * (no DNS rebinding), sending JSON (which a web page cannot send to another origin without a CORS
 * preflight this server never grants), and, when a browser says where the request came from, this
 * very origin. So a page on another site cannot forge bounces through someone's browser.
 */
export function sesEventCallerProblem(event: APIGatewayProxyEventV2): Refusal | undefined {
  const headers = event.headers ?? {};
  const forbidden = (message: string) => ({ statusCode: 403, message });
  if (!LOOPBACK_IPS.has(event.requestContext?.http?.sourceIp ?? '')) {
    return forbidden('Bounce and complaint events are accepted from this machine only.');
  }
  if (!LOOPBACK_HOST_NAMES.has(hostNameOf(headers.host))) {
    return forbidden('Use a localhost address for this endpoint.');
  }
  // The same rule every local listener applies (loopback-guard.mjs), in this route's own words.
  if (localRequestRefusal({ headers, method: 'POST' })) {
    return forbidden('Bounce and complaint events cannot be sent from another site.');
  }
  const mediaType = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    return { statusCode: 415, message: 'Send the SNS notification (or the SES event) as application/json.' };
  }
  return undefined;
}

/** Size and nesting limits, checked on the raw text before anything parses or walks it. */
export function sesEventSizeProblem(text: string): Refusal | undefined {
  if (Buffer.byteLength(text, 'utf8') > MAX_SES_EVENT_BYTES) {
    return {
      statusCode: 413,
      message: `The event is too large: at most ${MAX_SES_EVENT_BYTES} bytes are accepted.`,
    };
  }
  if (nestingDepth(text) > MAX_SES_EVENT_DEPTH) {
    return {
      statusCode: 400,
      message: `The event nests deeper than ${MAX_SES_EVENT_DEPTH} levels; it is not an SES event.`,
    };
  }
  return undefined;
}

/** The deepest nesting of JSON objects and arrays in `text`, brackets inside strings aside. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') deepest = Math.max(deepest, ++depth);
    else if (char === '}' || char === ']') depth -= 1;
  }
  return deepest;
}
