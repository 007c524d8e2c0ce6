import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { currentLogContext } from './log-context.ts';
import { type Logger, type LogKeys, REDACTED, SECRET_KEY, scrubText } from './logger.ts';

export interface LambdaLoggerOptions {
  /** The `service` key of every line. */
  serviceName: string;
  /** Keys on every line (the function's name). */
  keys?: LogKeys;
}

/**
 * The project's `Logger` on Powertools for AWS Lambda: one JSON line per call with Powertools' own
 * keys (level, timestamp, service, sampling rate, X-Ray trace id), the invocation's keys
 * (onboardingId, execution, stage, action, requestId) and the caller's. Redaction runs as the JSON
 * replacer, so it reaches every key and every string at any depth, Powertools' error formatting
 * (message and stack) included.
 */
export function createLambdaLogger(options: LambdaLoggerOptions): Logger {
  // Built on the first line logged, not at cold start: Powertools' constructor opens its own
  // Console on stdout and stderr, which is most of what it costs.
  let powertools: PowertoolsLogger | undefined;
  const get = () => {
    powertools ??= new PowertoolsLogger({
      serviceName: options.serviceName,
      jsonReplacerFn: redactingReplacer,
    });
    return powertools;
  };
  return wrap(get, options.keys ?? {});
}

/** JSON.stringify replacer: secret keys lose their value, strings lose anything token-like. */
export function redactingReplacer(key: string, value: unknown): unknown {
  if (key !== '' && SECRET_KEY.test(key)) return REDACTED;
  return typeof value === 'string' ? scrubText(value) : value;
}

function wrap(powertools: () => PowertoolsLogger, base: LogKeys): Logger {
  const keysOf = (keys?: LogKeys) => withoutReserved({ ...currentLogContext(), ...base, ...keys });
  return {
    info: (message, keys) => powertools().info(message, keysOf(keys)),
    warn: (message, keys) => powertools().warn(message, keysOf(keys)),
    error: (message, keys) => powertools().error(message, keysOf(keys)),
    child: (keys) => wrap(powertools, { ...base, ...keys }),
  };
}

/** Powertools owns these keys (and warns when given them): keep ours apart instead of losing them. */
const RESERVED = new Set(['level', 'message', 'sampling_rate', 'service', 'timestamp']);

function withoutReserved(keys: LogKeys): LogKeys {
  return Object.fromEntries(
    Object.entries(keys).map(([key, value]) => [RESERVED.has(key) ? `${key}_` : key, value]),
  );
}
