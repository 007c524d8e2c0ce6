import { createHash } from 'node:crypto';
import { TransientError } from '../adapters/transient-error.ts';
import { startRoleProblems } from './authority/staff-addresses.ts';
import type { StarterDependencies } from './dependencies.ts';
import { ConflictError, DuplicateStartError, InvalidInputError } from './errors.ts';
import type { RecentStart } from './model.ts';
import { newOnboardingId } from './onboarding-ids.ts';
import { type StartedOnboarding, startOnboarding } from './start-onboarding.ts';
import type { StartOnboardingFields, StartOnboardingRequest } from './start-onboarding-request.ts';

/** How long a key answers with its onboarding (AWS keeps client tokens for hours to days). */
export const IDEMPOTENCY_KEY_SECONDS = 24 * 60 * 60;
/** How long an identical start (same company, contact and rep) is refused without `force`. */
export const DUPLICATE_START_SECONDS = 15 * 60;
/**
 * A start takes a second or two; one whose claim is older than this and never finished crashed
 * before it could release it (the release itself failed), so a new request may take over.
 */
export const ABANDONED_START_SECONDS = 60;

export type StartOnceResult = StartedOnboarding & { replayed: boolean };

/**
 * Starts an onboarding at most once per request:
 * - with an idempotency key, a repeat with the same body answers with the same onboarding
 *   (`replayed`), and the key with another body is refused (409);
 * - an identical start (same company, contact and rep, case aside) within 15 minutes is refused
 *   with 409 naming the first, unless `force` — a replayed signed request, a double-submitted form
 *   or a re-run command must not start a second onboarding.
 * Each rule is one conditional write (no transactions: dynalite has none); a start that fails
 * releases its claims so it can be tried again.
 */
export async function startOnboardingOnce(
  deps: StarterDependencies,
  request: StartOnboardingRequest,
): Promise<StartOnceResult> {
  const { clientToken, force, ...fields } = request;
  const crossing = deps.staff ? startRoleProblems(deps.staff, fields) : {};
  if (Object.keys(crossing).length > 0) {
    throw new InvalidInputError(
      `The onboarding was not started: ${Object.values(crossing).join(' ')}`,
      crossing,
    );
  }
  const now = deps.clock();
  const onboardingId = newOnboardingId(fields.company);
  const keyHash = clientToken === undefined ? undefined : sha256(clientToken);
  const bodyHash = sha256(
    JSON.stringify([fields.company, fields.contactName, fields.contactEmail, fields.repEmail]),
  );

  if (keyHash) {
    const claim = await deps.store.claimStartKey(
      {
        keyHash,
        bodyHash,
        onboardingId,
        createdAt: now.toISOString(),
        expiresAt: after(now, IDEMPOTENCY_KEY_SECONDS),
      },
      after(now, -ABANDONED_START_SECONDS),
    );
    if (claim.kind === 'exists') {
      const held = claim.record;
      if (held.bodyHash !== bodyHash) {
        throw new ConflictError(
          `This idempotency key was already used to start onboarding ${held.onboardingId} with different details. Use a new key for a new onboarding.`,
        );
      }
      if (!held.started) {
        throw new ConflictError(
          `Onboarding ${held.onboardingId} is still being started with this idempotency key. Try again in a few seconds.`,
        );
      }
      return { onboardingId: held.onboardingId, ...held.started, replayed: true };
    }
  }

  const fingerprint = sha256(JSON.stringify(caseFolded(fields)));
  const ours = {
    fingerprint,
    onboardingId,
    createdAt: now.toISOString(),
    expiresAt: after(now, DUPLICATE_START_SECONDS),
  };
  let recent = await deps.store.claimRecentStart(
    ours,
    force ? undefined : { notBefore: after(now, -DUPLICATE_START_SECONDS) },
  );
  if (recent.kind === 'exists' && (await abandoned(deps, recent.record, now))) {
    recent = await deps.store.claimRecentStart(ours, { replacing: recent.record.createdAt });
  }
  if (recent.kind === 'exists') {
    await persistently(() => deps.store.releaseStartClaims({ keyHash, onboardingId }));
    const minutes = Math.max(1, Math.round((now.getTime() - Date.parse(recent.record.createdAt)) / 60_000));
    throw new DuplicateStartError(
      `The same onboarding (same company, contact and rep) was started ${minutes} minute${minutes === 1 ? '' : 's'} ago: ${recent.record.onboardingId}.`,
      recent.record.onboardingId,
    );
  }

  let started: StartedOnboarding;
  try {
    started = await startOnboarding(deps, fields, onboardingId);
  } catch (error) {
    // Nothing was started (startOnboarding removes its record): free the claims for a retry.
    await persistently(() => deps.store.releaseStartClaims({ keyHash, fingerprint, onboardingId }));
    throw error;
  }
  if (keyHash) {
    const { executionName, executionArn } = started;
    // The onboarding runs now: failing to note it on the key must neither undo the claims nor fail
    // the answer. A repeat is then refused (409) until the claim counts as abandoned, and then as a
    // duplicate of this onboarding: never a second start.
    await persistently(() => deps.store.completeStartKey(keyHash, { executionName, executionArn })).catch(
      (error: unknown) => deps.logger.warn('Could not note the start on its idempotency key', { error }),
    );
  }
  return { ...started, replayed: false };
}

/** The claims are small idempotent writes: a transient failure is retried at once, a few times. */
async function persistently<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof TransientError) || attempt >= attempts) throw error;
    }
  }
}

/** A recorded start that is not young and whose onboarding does not exist crashed half-way. */
async function abandoned(deps: StarterDependencies, record: RecentStart, now: Date): Promise<boolean> {
  if (Date.parse(record.createdAt) > now.getTime() - ABANDONED_START_SECONDS * 1000) return false;
  return (await deps.store.getOnboarding(record.onboardingId)) === undefined;
}

function caseFolded(fields: StartOnboardingFields) {
  return [fields.company, fields.contactName, fields.contactEmail, fields.repEmail].map((value) =>
    value.toLowerCase(),
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function after(from: Date, seconds: number): string {
  return new Date(from.getTime() + seconds * 1000).toISOString();
}
