import type { AppConfig } from '../../config.ts';
import { UserFacingError } from '../errors.ts';
import { type AuthorityRequest, authorize, type Refusal } from './authorize.ts';

/** A request the policy refused: its status, title and plain-word message reach the person as they are. */
export class RefusedError extends UserFacingError {
  override name = 'RefusedError';
  constructor(readonly refusal: Refusal) {
    super(refusal.message, refusal.status);
  }
}

/** Asks the decision point and throws its refusal; routes that need nothing more than yes or no use this. */
export function assertAllowed(config: Pick<AppConfig, 'resources'>, request: AuthorityRequest): void {
  const verdict = authorize(config, request);
  if (!verdict.allowed) throw new RefusedError(verdict.refusal);
}
