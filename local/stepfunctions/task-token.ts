import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Task tokens: opaque, long (AWS tokens run to hundreds of characters) and self-checking. Each is 64
 * random bytes plus an HMAC under a per-engine secret, so a token we issued can be told from garbage
 * even after it has left the bounded memory of closed tasks (AWS: TaskTimedOut vs InvalidToken).
 */
const PREFIX = 'lsfn1.';
const RANDOM_BYTES = 64;
const MAC_BYTES = 32;
const BODY_CHARS = Math.ceil(((RANDOM_BYTES + MAC_BYTES) * 4) / 3);

/** Matches any token this engine could issue, for redaction wherever text is recorded. */
export const TASK_TOKEN_PATTERN = new RegExp(
  `${PREFIX.replace('.', '\\.')}[A-Za-z0-9_-]{${BODY_CHARS}}`,
  'g',
);

export class TaskTokenMinter {
  private readonly secret = randomBytes(32);

  mint(): string {
    const random = randomBytes(RANDOM_BYTES);
    return PREFIX + Buffer.concat([random, this.mac(random)]).toString('base64url');
  }

  /** True when the token is one this minter issued (whatever became of its task since). */
  isGenuine(token: string): boolean {
    if (!token.startsWith(PREFIX) || token.length !== PREFIX.length + BODY_CHARS) return false;
    const body = Buffer.from(token.slice(PREFIX.length), 'base64url');
    if (body.length !== RANDOM_BYTES + MAC_BYTES) return false;
    return timingSafeEqual(body.subarray(RANDOM_BYTES), this.mac(body.subarray(0, RANDOM_BYTES)));
  }

  private mac(random: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(random).digest();
  }
}
