import { randomBytes } from 'node:crypto';
import type { StageKey } from '../../../functions/checklist/stages.ts';
import type { Decision, Onboarding, Wait } from '../../../functions/domain/model.ts';
import { waitKeyOf } from '../../../functions/domain/model.ts';

/** Unique ids per test, so tests sharing a table never see each other's items. */
export function uniqueId(prefix = 'acme'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export function anOnboarding(overrides: Partial<Onboarding> = {}): Onboarding {
  const id = overrides.id ?? uniqueId();
  return {
    id,
    executionName: `acme-${id}`,
    company: 'Acme Widgets',
    contactName: 'Ada Provider',
    contactEmail: 'ada@acme.example',
    repEmail: 'rep@marketplace.example',
    stage: 'cloud-account',
    status: 'in-progress',
    products: [],
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
    ...overrides,
  };
}

/** A pending wait; `entry` is the last part of its key (the domain derives it from the first token). */
export function aWait(
  overrides: Partial<Wait> & { onboardingId: string; stage?: StageKey; entry?: string },
): Wait {
  const { entry = 'e1', ...rest } = overrides;
  const stage = rest.stage ?? 'portal-access';
  return {
    waitKey: waitKeyOf(stage, rest.product, entry),
    stage,
    role: 'rep',
    recipient: 'rep@marketplace.example',
    status: 'pending',
    taskToken: 'token-1',
    enteredAt: '2026-01-02T09:00:00.000Z',
    deadline: '2026-01-05T09:00:00.000Z',
    timeoutSeconds: 259_200,
    reminders: 0,
    escalations: 0,
    ...rest,
  };
}

export function aDecision(actorId = 'rep@marketplace.example', overrides: Partial<Decision> = {}): Decision {
  return {
    outcome: 'approved',
    fields: { confirmed: true, note: undefined },
    actor: { id: actorId, role: 'rep', via: 'link', ip: '198.51.100.7', userAgent: undefined },
    at: '2026-01-03T12:00:00.000Z',
    ...overrides,
  };
}
