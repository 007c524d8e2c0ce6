import type { Machine } from './machine.ts';
import type { BenchOptions, Phase } from './options.ts';
import type { CostResult } from './phases/cost.ts';
import type { EndToEndResult } from './phases/end-to-end.ts';
import type { FloorResult } from './phases/floor.ts';
import type { LambdaResult } from './phases/lambda.ts';
import type { ListingResult } from './phases/listing.ts';

/** Everything one `npm run bench` measured; written as JSON and rendered as the table. */
export interface BenchResults {
  startedAt: string;
  seconds: number;
  options: Omit<BenchOptions, 'phases' | 'outDir' | 'cpuProfile'> & { phases: Phase[] };
  machine: Machine;
  /** CPU used by other processes during each phase, in cores (how noisy the figures are). */
  otherLoadCores: Record<string, number | undefined>;
  lambda?: LambdaResult;
  endToEnd?: EndToEndResult;
  paced?: EndToEndResult;
  /** `--history N`: more onboardings in the same runtime until N ran in all (does memory grow with history?). */
  history?: EndToEndResult;
  floor?: FloorResult;
  /** End-to-end seconds / floor seconds. */
  overheadRatio?: number;
  listing?: ListingResult;
  cost?: CostResult;
  /** Everything that went wrong: failed requests, missing emails, failed executions, ERROR logs, crashes. */
  errors: number;
  errorSamples: string[];
}

/** The targets (issues 6 and 15), checked (reported, never asserted) against the figures. */
export const TARGETS = {
  errors: 0,
  overheadRatio: 1.5,
  p99ActionToEmailMs: 150,
  bundleKiB: 400,
  /** (bare Node start + module init) / bare Node start, in the same run. */
  initRatio: 1.5,
  /** A function's start ÷ a fresh Node importing only the SDK packages it loads at init. */
  startOverSdkFloor: 1.2,
  firstPageMs: 30,
  stateTransitions: 80,
  dollarsPer1000: 4,
  dynamodbCallsPerOnboarding: 100,
  /** Peak RSS of the runtime process at 1,000 onboardings. */
  peakRssMiB: 512,
  /** Peak RSS after the `--history` onboardings / peak RSS after the end-to-end run. */
  historyRssRatio: 1.2,
} as const;
