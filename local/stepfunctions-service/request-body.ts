import type { IncomingMessage } from 'node:http';
import { ProtocolError } from './protocol-error.ts';

/** Far above Step Functions' own 256 KiB input/output quota, so only runaway requests hit it. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

function tooLarge(): ProtocolError {
  return new ProtocolError('RequestEntityTooLarge', 'The request body exceeds 1 MiB', 413);
}

/** The whole request body, refused with a 413 as soon as it is known to exceed the limit. */
export async function readBody(req: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<string> {
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
