import type { IncomingMessage } from 'node:http';

/** API Gateway's payload limit for HTTP APIs: 10 MiB. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

export class PayloadTooLargeError extends Error {
  constructor() {
    super(`The request body is larger than ${MAX_PAYLOAD_BYTES} bytes.`);
    this.name = 'PayloadTooLargeError';
  }
}

/**
 * Reads the whole body, refusing early (by Content-Length) or as soon as the limit is passed, so an
 * oversized upload is never held in memory. Listeners rather than `for await`: leaving that loop
 * early destroys the socket, and the client would never see the 413. The rest of a refused body is
 * read and dropped (not kept), so the connection stays usable and the client gets its answer.
 */
export function readRequestBody(request: IncomingMessage, limit = MAX_PAYLOAD_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      request.resume();
      reject(new PayloadTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(new PayloadTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

/**
 * Whether API Gateway hands the body to Lambda as text. Observed on HTTP APIs (payload 2.0): only
 * text/*, JSON, XML and JavaScript are passed as UTF-8 text; everything else — a missing content
 * type and, surprisingly, application/x-www-form-urlencoded included — arrives base64-encoded with
 * isBase64Encoded=true. Mirrored so handlers meet locally what they will meet on AWS.
 */
export function isTextualContentType(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    mediaType.startsWith('text/') ||
    mediaType === 'application/json' ||
    mediaType === 'application/xml' ||
    mediaType === 'application/javascript'
  );
}
