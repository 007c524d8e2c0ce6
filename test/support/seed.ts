import type { StageKey } from '../../functions/checklist/stages.ts';
import { stageDefinition } from '../../functions/checklist/stages.ts';
import type { Onboarding, Wait } from '../../functions/domain/model.ts';
import type { OnboardingStore } from '../../functions/domain/ports.ts';

/** Puts an onboarding in the store as if it had been started. */
export async function seedOnboarding(
  store: OnboardingStore,
  overrides: Partial<Onboarding> = {},
): Promise<Onboarding> {
  const onboarding = sampleOnboarding(overrides);
  await store.createOnboarding(onboarding);
  return onboarding;
}

/** An onboarding record as a start would make it, without storing it. */
export function sampleOnboarding(overrides: Partial<Onboarding> = {}): Onboarding {
  return {
    id: 'acme-software-abcdefgh',
    executionName: 'acme-software-abcdefgh',
    company: 'Acme Software',
    contactName: 'Ada Lovelace',
    contactEmail: 'ada@acme.example',
    repEmail: 'rep@marketplace.example',
    stage: 'cloud-account',
    status: 'in-progress',
    products: [],
    createdAt: '2026-11-24T09:00:00.000Z',
    updatedAt: '2026-11-24T09:00:00.000Z',
    ...overrides,
  };
}

/** Opens a pending wait for a stage, holding `taskToken`, as the enter-stage task would. */
export async function seedWait(
  store: OnboardingStore,
  onboarding: Onboarding,
  stage: StageKey,
  options: { taskToken?: string; product?: string; recipient?: string; entry?: string } = {},
): Promise<Wait> {
  const actor = stageDefinition(stage).actor;
  if (actor === 'system') throw new Error('system stages have no wait');
  const wait: Wait = {
    onboardingId: onboarding.id,
    waitKey: `${stage}#${options.product ?? '-'}#${options.entry ?? 'e1'}`,
    stage,
    product: options.product,
    role: actor,
    recipient: options.recipient ?? (actor === 'provider' ? onboarding.contactEmail : onboarding.repEmail),
    status: 'pending',
    taskToken: options.taskToken ?? `token-${stage}-${options.product ?? '-'}`,
    enteredAt: '2026-11-24T09:30:00.000Z',
    deadline: '2026-11-25T09:30:00.000Z',
    timeoutSeconds: 86_400,
    reminders: 0,
    escalations: 0,
  };
  const result = await store.openWait(wait);
  return result.wait;
}
