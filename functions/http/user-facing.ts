import { TransientError } from '../adapters/transient-error.ts';
import { UserFacingError } from '../domain/errors.ts';

const TRY_AGAIN =
  'A temporary problem on our side stopped this request. Nothing was lost and nothing was half-saved: please try again in a minute.';

/**
 * The errors a person is told about: their own mistakes (4xx) and temporary trouble (503, worth a
 * retry). Everything else stays a generic 500 whose detail goes only to the log.
 */
export function asUserFacing(error: unknown): UserFacingError | undefined {
  if (error instanceof UserFacingError) return error;
  if (error instanceof TransientError) return new UserFacingError(TRY_AGAIN, 503, { cause: error });
  return undefined;
}
