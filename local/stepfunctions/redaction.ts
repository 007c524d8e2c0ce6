import { TASK_TOKEN_PATTERN } from './task-token.ts';

/**
 * The interpreter's context object is fixed per run, so `$$.Task.Token` resolves to this placeholder;
 * each task entry swaps it for the token it minted (see `withTaskToken`).
 */
export const TASK_TOKEN_PLACEHOLDER = '<<local-engine:task-token>>';

/** What recorded history and log lines show instead of a task token (DESIGN: no token in any log). */
export const REDACTED_TOKEN = '[task token redacted]';

/** Copies a JSON value, with `replace` applied to every string in it (keys untouched). */
function mapStrings(value: unknown, replace: (text: string) => string): unknown {
  if (typeof value === 'string') return replace(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, replace));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, replace)]));
  }
  return value;
}

/** The resolved Parameters with the placeholder replaced by this entry's token, also inside longer strings. */
export function withTaskToken(value: unknown, token: string): unknown {
  return mapStrings(value, (text) => text.replaceAll(TASK_TOKEN_PLACEHOLDER, token));
}

export function redactText(text: string): string {
  return text
    .replaceAll(TASK_TOKEN_PATTERN, REDACTED_TOKEN)
    .replaceAll(TASK_TOKEN_PLACEHOLDER, REDACTED_TOKEN);
}

/** A copy of the value fit to record: tokens and the placeholder replaced by a marker. */
export function redactTokens<T>(value: T): T {
  return mapStrings(value, redactText) as T;
}
