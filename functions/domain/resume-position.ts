import { STAGES, type StageKey } from '../checklist/stages.ts';
import type { BranchStart, Onboarding, ProductItem, ResumeStep, ResumeWait, Wait } from './model.ts';

/**
 * Where a new execution of an onboarding starts so that it stands exactly where the people are:
 * every thread (the onboarding's own stages, each product, each integration branch of a product)
 * resumes at its latest recorded wait. A pending wait is adopted (the link already emailed keeps
 * working, nobody is emailed again); a decided one is adopted too and completes at once from the
 * record, so a decision that never reached the old execution is delivered and nobody is asked twice.
 * A closed wait (its onboarding was stopped) has no live link: that step starts afresh.
 */
export type ResumePosition =
  | { level: 'onboarding'; startAt: StageKey; step: ResumeStep }
  | { level: 'products'; products: ProductItem[] };

const INTEGRATION_BRANCHES = {
  technical: 'technical-integration',
  billing: 'billing-integration',
} as const satisfies Record<string, StageKey>;
type Branch = keyof typeof INTEGRATION_BRANCHES;

export function resumePosition(
  onboarding: Pick<Onboarding, 'products' | 'stage'>,
  waits: Wait[],
): ResumePosition {
  const ordered = [...waits].sort(byEntry);
  const productWaits = ordered.filter((wait) => wait.product !== undefined);
  if (productWaits.length === 0) {
    const latest = ordered.filter((wait) => wait.product === undefined).at(-1);
    // No wait recorded yet (the first entry never ran): the stage on record, afresh.
    if (!latest) return { level: 'onboarding', startAt: recordedStage(onboarding), step: {} };
    return {
      level: 'onboarding',
      startAt: latest.stage,
      step: latest.status === 'closed' ? {} : { reentryOf: latest.waitKey },
    };
  }
  const products = onboarding.products
    .filter((product) => product.status !== 'published' && product.status !== 'withdrawn')
    .map((product) =>
      productPosition(
        product.name,
        productWaits.filter((wait) => wait.product === product.name),
      ),
    );
  return { level: 'products', products };
}

const ONBOARDING_LEVEL = new Set<string>(
  STAGES.filter((stage) => !stage.perProduct).map((stage) => stage.key),
);

function recordedStage(onboarding: Pick<Onboarding, 'stage'>): StageKey {
  return ONBOARDING_LEVEL.has(onboarding.stage) ? (onboarding.stage as StageKey) : 'cloud-account';
}

/** One product's iteration: integration (each branch where it stands), approval, or its revision. */
export function productPosition(name: string, waits: Wait[]): ProductItem {
  const ordered = [...waits].sort(byEntry);
  const approval = ordered.filter(isApprovalPhase).at(-1);
  const integration = ordered.filter((wait) => !isApprovalPhase(wait)).at(-1);

  if (approval && (!integration || byEntry(approval, integration) >= 0)) {
    const startAt = approval.stage === 'marketplace-approval' ? 'marketplace-approval' : 'approval-revision';
    return { name, startAt, step: adopt([approval]) };
  }
  if (!integration) return { name, startAt: 'technical-integration', step: {} };

  // Marketplace approval sent the product back to integration: only waits of this round count.
  const roundStart = approval ? (approval.decision?.at ?? approval.enteredAt) : '';
  const resume: NonNullable<ResumeStep['resume']> = {};
  const adopted: Wait[] = [];
  for (const [branch, stage] of Object.entries(INTEGRATION_BRANCHES) as [Branch, StageKey][]) {
    const latest = ordered.filter((wait) => wait.enteredAt >= roundStart && branchOf(wait) === stage).at(-1);
    if (!latest) continue;
    const start = branchStart(latest);
    if (start === 'sign-off') {
      // A sign-off needs no marker: the branch starts there anyway, and adopts the wait.
      if (latest.status !== 'closed') adopted.push(latest);
      continue;
    }
    resume[branch] = start;
    if (start === 'revision' && latest.status !== 'closed') adopted.push(latest);
  }
  const step: ResumeStep = adopt(adopted);
  if (Object.keys(resume).length > 0) step.resume = resume;
  return { name, startAt: 'technical-integration', step };
}

/**
 * Where a branch stands after its latest wait. An approved sign-off is complete; any other decision
 * is replayed from its own wait (a send-back leads to the revision, a resubmission back to the
 * sign-off, a withdrawal out of the product), so the execution routes exactly as it would have.
 */
function branchStart(latest: Wait): BranchStart {
  if (latest.stage === 'product-revision') return 'revision';
  if (latest.status === 'decided' && latest.decision?.outcome === 'approved') return 'complete';
  return 'sign-off';
}

function adopt(waits: Wait[]): ResumeStep {
  const live = waits.filter((wait) => wait.status !== 'closed');
  if (live.length === 0) return {};
  return { resumeWaits: live.map(resumeWaitOf) };
}

function resumeWaitOf(wait: Wait): ResumeWait {
  return wait.after ? { waitKey: wait.waitKey, after: wait.after } : { waitKey: wait.waitKey };
}

function isApprovalPhase(wait: Wait): boolean {
  return wait.stage === 'marketplace-approval' || wait.after === 'marketplace-approval';
}

/** The integration branch a wait belongs to: its sign-off stage, or the stage its revision answers. */
function branchOf(wait: Wait): StageKey | undefined {
  if (wait.stage === 'technical-integration' || wait.stage === 'billing-integration') return wait.stage;
  if (wait.stage === 'product-revision') return wait.after;
  return undefined;
}

/** Entries of one thread follow each other in time; the wait key breaks a tie deterministically. */
function byEntry(a: Wait, b: Wait): number {
  return a.enteredAt.localeCompare(b.enteredAt) || a.waitKey.localeCompare(b.waitKey);
}
