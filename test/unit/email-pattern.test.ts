import { describe, expect, it } from 'vitest';
import { regexes } from 'zod';
import { EMAIL_PATTERN } from '../../functions/email-pattern.ts';

describe('EMAIL_PATTERN', () => {
  it('is the pattern z.email() checks, so configuration and forms accept the same addresses', () => {
    // zod escapes "-" at the end of a character class, where it needs no escape (the linter drops it).
    expect(EMAIL_PATTERN.source).toBe(regexes.email.source.replaceAll('\\-', '-'));
    expect(EMAIL_PATTERN.flags).toBe(regexes.email.flags);
  });
});
