/**
 * Errors people can act on. Handlers turn them into HTTP answers (4xx with the message) or, in state
 * machine tasks, let their `name` reach the ASL's Retry/Catch.
 */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class NotFoundError extends UserFacingError {
  override name = 'NotFoundError';
  constructor(message: string) {
    super(message, 404);
  }
}

export class InvalidInputError extends UserFacingError {
  override name = 'InvalidInputError';
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message, 400);
  }
}

export class ForbiddenError extends UserFacingError {
  override name = 'ForbiddenError';
  constructor(message: string) {
    super(message, 403);
  }
}

export class ConflictError extends UserFacingError {
  override name = 'ConflictError';
  constructor(message: string) {
    super(message, 409);
  }
}

/** A state machine task was given an onboarding that does not exist: not worth retrying. */
export class OnboardingNotFoundError extends Error {
  override name = 'OnboardingNotFound';
}
