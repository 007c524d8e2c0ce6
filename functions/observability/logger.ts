import { currentLogContext, type LogKeys } from './log-context.ts';

// The keys of a log line are the log context's type: the context is the lower layer, the logger reads it.
export type { LogKeys };

/**
 * Structured JSON log lines. Values under secret-looking keys, and any text that looks like a task
 * token or an action link, are redacted before anything is written: task tokens and link ids must
 * never reach a log (DESIGN §3). Every line also carries the keys of the invocation it belongs to
 * (see `log-context.ts`).
 */
export interface Logger {
  info(message: string, keys?: LogKeys): void;
  warn(message: string, keys?: LogKeys): void;
  error(message: string, keys?: LogKeys): void;
  child(keys: LogKeys): Logger;
}

export const REDACTED = '[redacted]';

/** Keys whose values are never logged, at any depth. */
export const SECRET_KEY = /token|linkid|secret|password|authorization|cookie/i;

/**
 * Step Functions task tokens are long opaque base64 strings (hundreds of characters); the local
 * engine's start with `lsfn1.`. Nothing else this system logs is a 100-character run of base64.
 */
const TASK_TOKEN_LIKE = /lsfn1\.[A-Za-z0-9_-]+|[A-Za-z0-9+/=_-]{100,}/g;
/** An action link's path: its id (the onboarding's id, then a 43-character secret) is the credential. */
const LINK_PATH = /\/a\/[A-Za-z0-9_-]{43,}/g;

/** Text with anything that looks like a task token or an action link id replaced. */
export function scrubText(text: string): string {
  return text.replace(TASK_TOKEN_LIKE, REDACTED).replace(LINK_PATH, `/a/${REDACTED}`);
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: scrubText(value.message) };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET_KEY.test(key) ? REDACTED : redact(inner, depth + 1),
    ]),
  );
}

export function createLogger(
  base: LogKeys = {},
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const emit = (level: string, message: string, keys?: LogKeys) =>
    write(
      JSON.stringify({
        level,
        message: scrubText(message),
        timestamp: new Date().toISOString(),
        ...(redact({ ...currentLogContext(), ...base, ...keys }) as LogKeys),
      }),
    );
  return {
    info: (message, keys) => emit('INFO', message, keys),
    warn: (message, keys) => emit('WARN', message, keys),
    error: (message, keys) => emit('ERROR', message, keys),
    child: (keys) => createLogger({ ...base, ...keys }, write),
  };
}
