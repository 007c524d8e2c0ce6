/**
 * A failure worth retrying later: throttling, an AWS 5xx, a dropped connection. The state machine's
 * `Retry` matches this error's `name`, so adapters wrap such errors in it and let every other error
 * through unchanged (retrying a validation error only delays the same failure).
 */
export class TransientError extends Error {
  override name = 'TransientError';
  /** The store had no space left (ENOSPC): the person is told their answer may not be saved. */
  readonly noSpace: boolean;
  constructor(message: string, options?: { cause?: unknown; noSpace?: boolean }) {
    super(message, options);
    this.noSpace = options?.noSpace ?? false;
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
    const underlying = underlyingCause(err);
    throw new TransientError(
      `${operation} failed transiently (${kind})${underlying ? `: ${underlying}` : ''}`,
      { cause: err, noSpace: underlying === NO_SPACE },
    );
  }
}

const NO_SPACE = 'no space left on device (ENOSPC)';

/** Plain words for the system errors people can act on. */
const CODE_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (ECONNREFUSED)',
  ECONNRESET: 'connection reset (ECONNRESET)',
  ETIMEDOUT: 'timed out (ETIMEDOUT)',
  EAI_AGAIN: 'name lookup failed (EAI_AGAIN)',
  ENETUNREACH: 'network unreachable (ENETUNREACH)',
  EHOSTUNREACH: 'host unreachable (EHOSTUNREACH)',
  EPIPE: 'connection closed (EPIPE)',
  ECONNABORTED: 'connection aborted (ECONNABORTED)',
};

/**
 * What really went wrong beneath an AWS error, in a few words: a socket error's code, or a lack of
 * space reported by the service. Only these known shapes: an error's own text is never copied (it
 * could carry a request's content, a task token included).
 */
export function underlyingCause(err: unknown): string | undefined {
  for (let e = shapeOf(err), depth = 0; e && depth < 4; e = shapeOf(e.cause), depth++) {
    if (typeof e.code === 'string' && CODE_WORDS[e.code]) return CODE_WORDS[e.code];
    const message = (e as { message?: unknown }).message;
    if (e.code === 'ENOSPC' || (typeof message === 'string' && /ENOSPC|no space left/i.test(message)))
      return NO_SPACE;
  }
  return undefined;
}
