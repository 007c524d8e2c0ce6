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

/**
 * The same onboarding was started moments ago. The message says so in words that fit every surface;
 * each surface adds how to start a second one anyway in its own terms (a box to tick, a flag, a field).
 */
export class DuplicateStartError extends ConflictError {
  override name = 'DuplicateStartError';
  constructor(
    /** What happened, without how to go on: "The same onboarding … was started 3 minutes ago: ID." */
    readonly situation: string,
    readonly onboardingId: string,
  ) {
    super(`${situation} If a second one is what you mean, start it again and choose to start it anyway.`);
  }
}

/**
 * A person asked for a new link and SES refused to send it for good: the step is flagged and the rep
 * and ops are told. 422: nothing the person can fix by asking again.
 */
export class LinkNotSentError extends UserFacingError {
  override name = 'LinkNotSent';
  constructor() {
    super(
      'We could not email a new link to the address on file. Your marketplace contact has been told and will be in touch.',
      422,
    );
  }
}

/** A state machine task was given an onboarding that does not exist: not worth retrying. */
export class OnboardingNotFoundError extends Error {
  override name = 'OnboardingNotFound';
}

/**
 * The table has no index a listing needs: a local data folder made before the index existed (dynalite
 * cannot add an index to a table; on AWS the stack adds it). The page goes on without that listing.
 */
export class IndexMissingError extends Error {
  override name = 'IndexMissing';
}

/**
 * Why an email was refused for good: sending the same email again cannot succeed until someone acts
 * (verifies or corrects the address, resumes sending, fixes the text).
 */
export type EmailNotSentReason =
  /** SES sandbox: the recipient is not a verified identity of the account. */
  | 'recipient-not-verified'
  /** The sender address or domain is not verified in SES. */
  | 'sender-not-verified'
  /** The sending role may not use an identity (IAM AccessDenied). */
  | 'not-authorized'
  /** SES rejected the message for another reason. */
  | 'rejected'
  | 'invalid-address'
  /** Sending is paused for the account or the configuration set. */
  | 'sending-paused'
  /** The account's 24-hour sending quota is used up. */
  | 'daily-quota'
  /** The configuration set named in the stack's settings does not exist. */
  | 'configuration'
  /** The email's text is not well-formed Unicode (a lone surrogate), so it cannot be encoded. */
  | 'ill-formed-text';

/**
 * An email that was not sent, and will not be by retrying it: adapters map SES's permanent refusals
 * to it. Never a reason to fail a workflow: the waiting step is flagged instead, as for a bounce.
 */
export class EmailNotSentError extends Error {
  override name = 'EmailNotSent';
  constructor(
    message: string,
    readonly reason: EmailNotSentReason,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
