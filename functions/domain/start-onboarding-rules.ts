// The start's rules as plain values, for code that checks them without the start request's schema.

/** An idempotency key, as AWS APIs take a ClientToken: up to 64 plain characters (a UUID fits). */
export const CLIENT_TOKEN = /^[A-Za-z0-9_.:-]{1,64}$/;
export const CLIENT_TOKEN_RULE =
  'The idempotency key must be 1 to 64 letters, digits, "-", "_", "." or ":" (a UUID works).';

/** A provider team has at most this many people besides the contact (at the start and when it grows). */
export const MAX_TEAM = 10;
