/**
 * The onboarding checklist as data: one place to change who acts, what they are asked and how it reads.
 * Follows the Lumen Marketplace Onboarding Checklist (docs/checklist.md) stage by stage.
 */

/** Who must act. `ops` is never asked to act on a stage; it receives escalations. */
export const ROLES = [
  'provider',
  'rep',
  'platform-enablement',
  'billing',
  'marketplace-team',
  'ops',
] as const;
export type Role = (typeof ROLES)[number];

export const STAGE_KEYS = [
  'cloud-account',
  'portal-access',
  'provider-agreement',
  'provider-credit',
  'product-content',
  'publication-request',
  'technical-integration',
  'billing-integration',
  'product-revision',
  'marketplace-approval',
  'published',
] as const;
export type StageKey = (typeof STAGE_KEYS)[number];

/** The form a person fills in on the action page; each has a zod schema in `decision-forms.ts`. */
export type FormKind =
  | 'cloud-account-alias'
  | 'portal-access-confirmation'
  | 'agreement-acceptance'
  | 'credit-applied'
  | 'product-content-ready'
  | 'publication-request'
  | 'integration-sign-off'
  | 'product-revision'
  | 'marketplace-approval';

export interface StageDefinition {
  key: StageKey;
  /** Checklist number shown to people (DESIGN §2); the two integration sign-offs share 7. */
  step: number;
  title: string;
  /** Who acts; `system` stages have no person and no action link. */
  actor: Role | 'system';
  /** True when the stage is done once per product requested for publication. */
  perProduct: boolean;
  form?: FormKind;
  /** One sentence shown on the action page and in the email: what the person is asked to do. */
  ask: string;
  /** Sentence naming the state in the console; a test checks the ASL has it. */
  consoleStateName?: string;
  /**
   * How many days the stage usually takes, until this marketplace has completed it ten times; then
   * the median of its own recent stages is shown instead (see `domain/expected-times.ts`).
   */
  usualDays: number;
}

export const STAGES: readonly StageDefinition[] = [
  {
    key: 'cloud-account',
    usualDays: 2,
    step: 1,
    title: 'Cloud account',
    actor: 'provider',
    perProduct: false,
    form: 'cloud-account-alias',
    ask: 'Tell us the alias of your company’s cloud account, or create a free account first and then tell us its alias.',
    consoleStateName: 'Provider: submit cloud account alias',
  },
  {
    key: 'portal-access',
    usualDays: 2,
    step: 2,
    title: 'Provider Portal access',
    actor: 'rep',
    perProduct: false,
    form: 'portal-access-confirmation',
    ask: 'Create the Provider Portal account for this cloud account alias and confirm it exists, or send the alias back if it cannot be found.',
    consoleStateName: 'Rep: confirm Provider Portal account',
  },
  {
    key: 'provider-agreement',
    usualDays: 3,
    step: 3,
    title: 'Marketplace Provider Agreement',
    actor: 'provider',
    perProduct: false,
    form: 'agreement-acceptance',
    ask: 'Read and accept the Marketplace Provider Agreement on behalf of your company.',
    consoleStateName: 'Provider: accept the Marketplace Provider Agreement',
  },
  {
    key: 'provider-credit',
    usualDays: 2,
    step: 4,
    title: 'Marketplace provider credit',
    actor: 'rep',
    perProduct: false,
    form: 'credit-applied',
    ask: 'Apply the Marketplace provider credit to the provider’s cloud account and record the amount.',
    consoleStateName: 'Rep: apply the provider credit',
  },
  {
    key: 'product-content',
    usualDays: 14,
    step: 5,
    title: 'Product content',
    actor: 'provider',
    perProduct: false,
    form: 'product-content-ready',
    ask: 'Build your product content in the staging Provider Portal and tell us which products are ready.',
    consoleStateName: 'Provider: build product content in staging',
  },
  {
    key: 'publication-request',
    usualDays: 2,
    step: 6,
    title: 'Publication request',
    actor: 'provider',
    perProduct: false,
    form: 'publication-request',
    ask: 'Choose the products you want published in the Marketplace.',
    consoleStateName: 'Provider: request publication',
  },
  {
    key: 'technical-integration',
    usualDays: 10,
    step: 7,
    title: 'Technical integration',
    actor: 'platform-enablement',
    perProduct: true,
    form: 'integration-sign-off',
    ask: 'Complete and test the technical integration of this product, then sign it off — or send it back to the provider with a reason.',
    consoleStateName: 'Platform Enablement: sign off technical integration',
  },
  {
    key: 'billing-integration',
    usualDays: 5,
    step: 7,
    title: 'Billing integration',
    actor: 'billing',
    perProduct: true,
    form: 'integration-sign-off',
    ask: 'Complete and test the billing integration of this product, then sign it off — or send it back to the provider with a reason.',
    consoleStateName: 'Billing: sign off billing integration',
  },
  {
    key: 'product-revision',
    usualDays: 5,
    step: 7,
    title: 'Product revision',
    actor: 'provider',
    perProduct: true,
    form: 'product-revision',
    ask: 'This product was sent back to you with a reason. Make the changes asked for and resubmit it, or withdraw the product.',
  },
  {
    key: 'marketplace-approval',
    usualDays: 3,
    step: 8,
    title: 'Marketplace approval',
    actor: 'marketplace-team',
    perProduct: true,
    form: 'marketplace-approval',
    ask: 'Review the product and approve it for publication, request changes with a reason, or record that it is withdrawn.',
    consoleStateName: 'Marketplace team: approve publication',
  },
  {
    key: 'published',
    usualDays: 1,
    step: 9,
    title: 'Published',
    actor: 'system',
    perProduct: true,
    ask: 'The product is live in the Marketplace.',
    consoleStateName: 'Record product published',
  },
];

export function stageDefinition(key: StageKey): StageDefinition {
  const stage = STAGES.find((candidate) => candidate.key === key);
  if (!stage) throw new Error(`Unknown stage "${key}"`);
  return stage;
}

/** Who hears about a wait that ran out of reminders: providers escalate to their rep, teams to ops. */
export function escalationRole(actor: Role): Role {
  return actor === 'provider' ? 'rep' : 'ops';
}

export const ROLE_LABELS: Record<Role, string> = {
  provider: 'Provider',
  rep: 'Marketplace representative',
  'platform-enablement': 'Platform Enablement team',
  billing: 'Billing team',
  'marketplace-team': 'Marketplace team',
  ops: 'Marketplace operations',
};
