/**
 * Structured JSON log lines. Values under secret-looking keys are redacted before anything is
 * written: task tokens and link ids must never reach a log (DESIGN §3).
 */
export type LogKeys = Record<string, unknown>;

export interface Logger {
  info(message: string, keys?: LogKeys): void;
  warn(message: string, keys?: LogKeys): void;
  error(message: string, keys?: LogKeys): void;
  child(keys: LogKeys): Logger;
}

const SECRET_KEY = /token|linkid|secret|password|authorization|cookie/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET_KEY.test(key) ? '[redacted]' : redact(inner, depth + 1),
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
        message,
        timestamp: new Date().toISOString(),
        ...(redact({ ...base, ...keys }) as LogKeys),
      }),
    );
  return {
    info: (message, keys) => emit('INFO', message, keys),
    warn: (message, keys) => emit('WARN', message, keys),
    error: (message, keys) => emit('ERROR', message, keys),
    child: (keys) => createLogger({ ...base, ...keys }, write),
  };
}
