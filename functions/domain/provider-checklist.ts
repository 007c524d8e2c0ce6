import { type Role, STAGES, type StageKey } from '../checklist/stages.ts';
import { publicName } from './authority/public-name.ts';
import type { Dependencies } from './dependencies.ts';
import type { Onboarding, Outcome, ProductState, Wait } from './model.ts';
import { SENT_BACK_BY } from './stage-facts.ts';
import { claimWords } from './step-claims.ts';

/**
 * The provider's checklist of one onboarding, read from the record: every stage with who is
 * responsible, where it stands, its dates, and what is waiting on the provider now.
 */
export type StepStatus =
  | 'done'
  | 'waiting-on-you'
  | 'waiting-on-marketplace'
  | 'not-started'
  | 'sent-back'
  | 'withdrawn'
  | 'no-longer-needed';

export interface ChecklistStep {
  stage: StageKey;
  product?: string;
  responsible: Role | 'system';
  status: StepStatus;
  startedAt?: string;
  deadline?: string;
  doneAt?: string;
  doneBy?: string;
  outcome?: Outcome;
  /** Why it was sent back or withdrawn. */
  reason?: string;
  /** What was recorded, in words: the alias, the agreement version, the credit. */
  detail?: string;
  /** The pending wait behind the step, which the page's button opens (provider steps only). */
  waitKey?: string;
  /** For a product revision: the stage that sent the product back (its step number is that stage's). */
  after?: StageKey;
  /** Why a step is waiting on someone again: the stage that sent it back, and its reason. */
  sentBack?: { fromStage: StageKey; reason: string };
  /** A team's waiting step someone said they are on: "Ana from the Platform Enablement team is on it". */
  onIt?: string;
}

/** Done steps of the checklist's numbered steps (1 to 9): what the progress bars show. */
export interface Progress {
  done: number;
  total: number;
}

export interface ProductProgress {
  name: string;
  status: ProductState['status'];
  steps: ChecklistStep[];
  /** The product's numbered steps: the shared steps 1 to 6, and its own 7 to 9. */
  progress: Progress;
  /** Which of the per-product numbered steps (7, 8, 9) are done for this product. */
  doneNumbers: number[];
}

export interface ProviderChecklist {
  onboarding: Onboarding;
  steps: ChecklistStep[];
  products: ProductProgress[];
  /** Steps 1 to 9; a per-product step counts once it is done for every product still requested. */
  progress: Progress;
  /** Every step waiting on the provider, oldest first: the first is "your next step". */
  yourSteps: ChecklistStep[];
  /** Steps waiting on the marketplace's people right now. */
  theirSteps: ChecklistStep[];
}

const ONBOARDING_STAGES = STAGES.filter((stage) => !stage.perProduct);
const PRODUCT_STAGES: StageKey[] = [
  'technical-integration',
  'billing-integration',
  'marketplace-approval',
  'published',
];

export async function providerChecklist(
  deps: Pick<Dependencies, 'store'>,
  onboardingId: string,
): Promise<ProviderChecklist | undefined> {
  const onboarding = await deps.store.getOnboarding(onboardingId);
  if (!onboarding) return undefined;
  const waits = await deps.store.listWaits(onboardingId);
  const latest = latestWaits(waits);

  const reached = ONBOARDING_STAGES.map((stage) => latest.has(key(stage.key)));
  const productLevel = onboarding.products.length > 0 || waits.some((wait) => wait.product !== undefined);
  const steps = ONBOARDING_STAGES.map((stage, index) => {
    const step = stepOf(stage.key, stage.actor, latest.get(key(stage.key)), latest);
    // A stage with no record that a later stage passed (an onboarding resumed further on) is done.
    const passed = productLevel || reached.slice(index + 1).some(Boolean);
    return step.status === 'not-started' && passed ? { ...step, status: 'done' as const } : step;
  });

  const names = [
    ...new Set([
      ...onboarding.products.map((product) => product.name),
      ...waits.flatMap((wait) => (wait.product ? [wait.product] : [])),
    ]),
  ];
  const shared = steps.filter((step) => step.status === 'done').length;
  const products = names.map((name) => productProgress(onboarding, name, latest, shared));
  const all = [...steps, ...products.flatMap((product) => product.steps)];
  const waitingSince = (step: ChecklistStep) => step.startedAt ?? '';
  return {
    onboarding,
    steps,
    products,
    progress: overallProgress(onboarding, shared, products),
    yourSteps: all
      .filter((step) => step.status === 'waiting-on-you')
      .sort((a, b) => waitingSince(a).localeCompare(waitingSince(b))),
    theirSteps: all.filter((step) => step.status === 'waiting-on-marketplace'),
  };
}

const PER_PRODUCT_NUMBERS = [7, 8, 9];

/**
 * Steps 1 to 9 as the provider counts them: the shared steps done, plus each per-product step (7, 8,
 * 9) once every product still requested has it done. A completed onboarding is all done.
 */
function overallProgress(onboarding: Onboarding, shared: number, products: ProductProgress[]): Progress {
  const total = ONBOARDING_STAGES.length + PER_PRODUCT_NUMBERS.length;
  if (onboarding.status === 'completed') return { done: total, total };
  const active = products.filter((product) => product.status !== 'withdrawn');
  const perProduct = PER_PRODUCT_NUMBERS.filter(
    (number) => active.length > 0 && active.every((product) => product.doneNumbers.includes(number)),
  ).length;
  return { done: shared + perProduct, total };
}

/** Which of steps 7 (both integrations), 8 (approval) and 9 (published) a product has done. */
function doneNumbersOf(steps: ChecklistStep[]): number[] {
  const done = (stage: StageKey) => steps.some((step) => step.stage === stage && step.status === 'done');
  const published = done('published');
  return [
    ...((done('technical-integration') && done('billing-integration')) || published ? [7] : []),
    ...(done('marketplace-approval') || published ? [8] : []),
    ...(published ? [9] : []),
  ];
}

function productProgress(
  onboarding: Onboarding,
  name: string,
  latest: Map<string, Wait>,
  shared: number,
): ProductProgress {
  const state = onboarding.products.find((product) => product.name === name);
  const status = state?.status ?? 'requested';
  const stages = latest.has(key('product-revision', name))
    ? ([
        'technical-integration',
        'billing-integration',
        'product-revision',
        'marketplace-approval',
        'published',
      ] as StageKey[])
    : PRODUCT_STAGES;
  const steps = stages.map((stageKey) => {
    const actor = STAGES.find((stage) => stage.key === stageKey)?.actor ?? 'system';
    if (stageKey !== 'published')
      return { ...stepOf(stageKey, actor, latest.get(key(stageKey, name)), latest), product: name };
    const published: ChecklistStep = {
      stage: 'published',
      product: name,
      responsible: 'system',
      status: 'not-started',
    };
    if (status === 'published') return { ...published, status: 'done' as const, doneAt: state?.updatedAt };
    if (status === 'withdrawn')
      return { ...published, status: 'withdrawn' as const, doneAt: state?.updatedAt };
    return published;
  });
  const doneNumbers = doneNumbersOf(steps);
  return {
    name,
    status,
    steps,
    doneNumbers,
    progress: {
      done: shared + doneNumbers.length,
      total: ONBOARDING_STAGES.length + PER_PRODUCT_NUMBERS.length,
    },
  };
}

function key(stage: StageKey, product?: string): string {
  return `${stage}#${product ?? '-'}`;
}

/** The latest wait of each stage (and product): what the stage's status is read from. */
function latestWaits(waits: Wait[]): Map<string, Wait> {
  const latest = new Map<string, Wait>();
  for (const wait of waits) {
    const current = latest.get(key(wait.stage, wait.product));
    if (!current || current.enteredAt < wait.enteredAt) latest.set(key(wait.stage, wait.product), wait);
  }
  return latest;
}

function stepOf(
  stage: StageKey,
  responsible: Role | 'system',
  wait: Wait | undefined,
  latest: Map<string, Wait>,
): ChecklistStep {
  const base: ChecklistStep = { stage, responsible, status: 'not-started' };
  if (!wait) return base;
  const started = { ...base, startedAt: wait.enteredAt, after: wait.after };
  if (wait.status === 'pending') {
    return {
      ...started,
      status: wait.role === 'provider' ? 'waiting-on-you' : 'waiting-on-marketplace',
      deadline: wait.deadline,
      waitKey: wait.role === 'provider' ? wait.waitKey : undefined,
      sentBack: sentBackReason(wait, latest),
      onIt: wait.claim && claimWords(wait.claim, wait),
    };
  }
  if (wait.status === 'closed') return { ...started, status: 'no-longer-needed' };
  const decision = wait.decision;
  const outcome = decision?.outcome;
  return {
    ...started,
    status: outcome === 'changes-requested' ? 'sent-back' : outcome === 'withdrawn' ? 'withdrawn' : 'done',
    doneAt: decision?.at,
    doneBy: decision ? publicName(decision.actor.id) : undefined,
    outcome,
    reason: decision?.reason,
    // What a sent-back or withdrawn answer "recorded" is its reason, shown as such; no made-up detail.
    detail:
      decision && outcome !== 'changes-requested' && outcome !== 'withdrawn'
        ? detailOf(stage, decision.fields)
        : undefined,
  };
}

/** Why a pending wait is waiting again: the send-back that re-opened it, read from the waits in hand. */
function sentBackReason(wait: Wait, latest: Map<string, Wait>): ChecklistStep['sentBack'] {
  const source = wait.after ?? SENT_BACK_BY[wait.stage];
  if (!source) return undefined;
  const decision = latest.get(key(source, wait.product))?.decision;
  if (decision?.outcome !== 'changes-requested' || !decision.reason) return undefined;
  return { fromStage: source, reason: decision.reason };
}

/** What a decision recorded, in words for the checklist (only facts the provider may see). */
function detailOf(stage: StageKey, fields: Record<string, unknown>): string | undefined {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String).join(', ') : text(value));
  switch (stage) {
    case 'cloud-account':
      return text(fields.alias) && `Cloud account alias ${text(fields.alias)}`;
    case 'portal-access':
      return text(fields.portalAccount)
        ? `Provider Portal account ${text(fields.portalAccount)}`
        : 'Provider Portal account created';
    case 'provider-agreement':
      return `Version ${text(fields.agreementVersion) ?? '?'}, accepted by ${text(fields.signerName) ?? '?'} (${text(fields.signerTitle) ?? '?'})`;
    case 'provider-credit':
      return text(fields.amount) && `Credit of ${text(fields.amount)} ${text(fields.currency) ?? ''}`.trim();
    case 'product-content':
      return list(fields.products) && `Ready: ${list(fields.products)}`;
    case 'publication-request':
      return list(fields.products) && `Requested: ${list(fields.products)}`;
    default:
      return undefined;
  }
}
