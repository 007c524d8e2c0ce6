/**
 * One address, no display name: the pattern `z.email()` checks (zod's `regexes.email`), held here
 * so the configuration check at every cold start need not import zod, whose evaluation alone costs
 * several milliseconds. A test keeps it equal to zod's.
 */
export const EMAIL_PATTERN =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;
