import { type Resources, SEED_RESOURCES } from '../../../functions/checklist/resources.ts';
import { type StageKey, stageDefinition } from '../../../functions/checklist/stages.ts';
import type { ActionEmailInput } from '../../../functions/emails/action-email.ts';
import type { EmailParty } from '../../../functions/emails/types.ts';

export const resources: Resources = { ...SEED_RESOURCES };

export const party: EmailParty = {
  company: 'Acme Analytics',
  contactName: 'Dana Reyes',
  onboardingId: 'acme-analytics-7f3a',
  alias: 'ACME',
};

/** Markup and every quote character: what an attacker would put in a free-text field. */
export const HOSTILE = `<img src=x onerror="alert('x')"> & \`tick\``;

export const ACTION_URL = 'https://onboarding.example.com/a/Qm9vbS1ub3QtYS10b2tlbi1qdXN0LWFuLWlkLTAxMjM0';

const ACTOR_ROLE = {
  'cloud-account': 'provider',
  'portal-access': 'rep',
  'provider-agreement': 'provider',
  'provider-credit': 'rep',
  'product-content': 'provider',
  'publication-request': 'provider',
  'technical-integration': 'platform-enablement',
  'billing-integration': 'billing',
  'product-revision': 'provider',
  'marketplace-approval': 'marketplace-team',
} as const;

export type ActionStageKey = keyof typeof ACTOR_ROLE;
export const ACTION_STAGES = Object.keys(ACTOR_ROLE) as ActionStageKey[];

export function actionInput(
  key: ActionStageKey,
  overrides: Partial<ActionEmailInput> = {},
): ActionEmailInput {
  const stage = stageDefinition(key as StageKey);
  return {
    kind: 'action-request',
    party,
    stage,
    product: stage.perProduct ? 'Insight Cloud' : undefined,
    recipientRole: ACTOR_ROLE[key],
    actionUrl: ACTION_URL,
    deadline: '2026-12-01T17:00:00.000Z',
    feedback:
      key === 'product-revision'
        ? { fromStage: 'technical-integration', reason: 'The usage API returns 500.' }
        : undefined,
    facts: {
      alias: 'ACME',
      creditAmount: '2500.00',
      currency: 'USD',
      products: ['Insight Cloud', 'Insight Edge'],
    },
    resources,
    ...overrides,
  };
}
