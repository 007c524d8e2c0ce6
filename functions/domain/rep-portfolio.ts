import { type Role, stageDefinition } from '../checklist/stages.ts';
import type { Dependencies } from './dependencies.ts';
import { type ExpectedTime, type ExpectedTimes, expectedTimes } from './expected-times.ts';
import type { Onboarding, OnboardingStatus } from './model.ts';

/** Completed onboardings stay in a rep's portfolio this long after their last change. */
export const COMPLETED_KEPT_DAYS = 90;
/** Rows per portfolio page: one Query each. */
export const PORTFOLIO_PAGE_SIZE = 25;

/** How an onboarding's current stage compares with how long that stage usually takes. */
export type UsualComparison =
  | { kind: 'within'; usual: ExpectedTime }
  | { kind: 'longer'; usual: ExpectedTime }
  | { kind: 'over' };

/** One onboarding in a rep's portfolio, everything from its profile (no read per row). */
export interface PortfolioRow {
  onboarding: Onboarding;
  status: OnboardingStatus;
  /** The stage's title, or "Completed". */
  stageTitle: string;
  /** When it last moved (entered its stage, a product changed, it stopped or completed). */
  since: string;
  /** Who it waits on while in progress: the role of its stage; `system` while the workflow works. */
  waitsOn?: Role | 'system';
  comparison: UsualComparison;
  /**
   * Steps with a question waiting on an answer, and steps whose email was not delivered: counted from
   * the attention kept on the profile (no read per row). Only while in progress: a stopped or completed
   * onboarding's steps wait on nothing.
   */
  openQuestions?: number;
  deliveryProblems?: number;
}

export interface PortfolioPage {
  rows: PortfolioRow[];
  /** The next page's cursor; absent on the last page. */
  cursor?: string;
}

/**
 * Every onboarding `repEmail` is responsible for — in progress, stopped, completed in the last
 * {@link COMPLETED_KEPT_DAYS} days — newest started first, one page (one Query) at a time. The rep is
 * the onboarding's current rep: the index follows a change of rep, and a row whose profile names
 * another rep (an index not yet caught up) is left out.
 */
export async function repPortfolio(
  deps: Pick<Dependencies, 'store' | 'clock'>,
  repEmail: string,
  cursor?: string,
  limit = PORTFOLIO_PAGE_SIZE,
): Promise<PortfolioPage> {
  const now = deps.clock();
  const completedSince = new Date(now.getTime() - COMPLETED_KEPT_DAYS * 86_400_000).toISOString();
  const [page, expected] = await Promise.all([
    deps.store.listOnboardingsOfRep(repEmail, { limit, cursor, completedSince }),
    expectedTimes(deps),
  ]);
  const rep = repEmail.toLowerCase();
  const rows = page.items
    .filter((onboarding) => onboarding.repEmail.toLowerCase() === rep)
    .map((onboarding) => portfolioRow(onboarding, expected, now.toISOString()));
  return { rows, cursor: page.cursor };
}

export function portfolioRow(onboarding: Onboarding, expected: ExpectedTimes, nowIso: string): PortfolioRow {
  const since = onboarding.updatedAt;
  if (onboarding.stage === 'completed' || onboarding.status === 'completed') {
    return {
      onboarding,
      status: onboarding.status,
      stageTitle: 'Completed',
      since,
      comparison: { kind: 'over' },
    };
  }
  const stage = stageDefinition(onboarding.stage);
  const usual = expected[onboarding.stage];
  const elapsedSeconds = (Date.parse(nowIso) - Date.parse(since)) / 1000;
  const running = onboarding.status === 'in-progress';
  const attention = onboarding.attention;
  return {
    onboarding,
    status: onboarding.status,
    stageTitle: stage.title,
    since,
    waitsOn: running ? stage.actor : undefined,
    comparison: !running
      ? { kind: 'over' }
      : { kind: elapsedSeconds > usual.seconds ? 'longer' : 'within', usual },
    openQuestions: running
      ? (attention?.questionsToProvider.length ?? 0) + (attention?.questionsToMarketplace.length ?? 0)
      : undefined,
    deliveryProblems: running ? (attention?.deliveryProblems.length ?? 0) : undefined,
  };
}
