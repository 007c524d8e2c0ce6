import { TransientError } from '../adapters/transient-error.ts';
import { UserFacingError } from '../domain/errors.ts';

const TRY_AGAIN =
  'A temporary problem on our side stopped this request. Nothing was lost and nothing was half-saved: please try again in a minute.';

// Whether part of the request was saved is not known here: the person is told how to find out.
const NO_SPACE =
  'We could not save everything: our server has run out of storage space for a moment. Open your link again in a few minutes to see whether your answer was saved; if it was not, send it again then.';

/**
 * The errors a person is told about: their own mistakes (4xx) and temporary trouble (503, worth a
 * retry). Everything else stays a generic 500 whose detail goes only to the log.
 */
export function asUserFacing(error: unknown): UserFacingError | undefined {
  if (error instanceof UserFacingError) return error;
  if (error instanceof TransientError)
    return new UserFacingError(error.noSpace ? NO_SPACE : TRY_AGAIN, 503, { cause: error });
  return undefined;
}
