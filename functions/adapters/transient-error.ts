/**
 * A failure worth retrying later: throttling, an AWS 5xx, a dropped connection. The state machine's
 * `Retry` matches this error's `name`, so adapters wrap such errors in it and let every other error
 * through unchanged (retrying a validation error only delays the same failure).
 */
export class TransientError extends Error {
  override name = 'TransientError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Error names AWS SDK v3 uses for throttling, server faults and timeouts, across services. */
const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'InternalServerError',
  'InternalFailure',
  'InternalError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** Node socket errors: the request may never have reached AWS, or its answer never came back. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

interface AwsErrorShape {
  name?: unknown;
  code?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: unknown;
}

function shapeOf(err: unknown): AwsErrorShape | undefined {
  return typeof err === 'object' && err !== null ? (err as AwsErrorShape) : undefined;
}

export function isTransientAwsError(err: unknown): boolean {
  const e = shapeOf(err);
  if (!e) return false;
  if (e instanceof TransientError) return true;
  if (typeof e.name === 'string' && TRANSIENT_NAMES.has(e.name)) return true;
  if (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number' && status >= 500) return true;
  // The SDK marks throttling errors it knows about as retryable even when their name is service-specific.
  if (e.$retryable !== undefined && e.$retryable !== null) return true;
  // Socket errors sometimes arrive wrapped one level deep (e.g. fetch's `TypeError: fetch failed`).
  const inner = shapeOf(e.cause);
  return typeof inner?.code === 'string' && TRANSIENT_CODES.has(inner.code);
}

/**
 * Runs one AWS call; a transient failure becomes a `TransientError` naming the operation (never its
 * input, which may hold a task token), anything else is rethrown as is.
 */
export async function mapTransient<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof TransientError || !isTransientAwsError(err)) throw err;
    const name = shapeOf(err)?.name;
    const kind = typeof name === 'string' ? name : 'error';
    throw new TransientError(`${operation} failed transiently (${kind})`, { cause: err });
  }
}
