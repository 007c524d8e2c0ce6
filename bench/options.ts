import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** What `npm run bench` measures and how big. Defaults finish in a few minutes on 2 cores. */
export interface BenchOptions {
  quick: boolean;
  /** End to end: onboardings started and driven to completion over HTTP. */
  onboardings: number;
  /** End to end: simulated people acting at the same time (each drives one onboarding at a time). */
  people: number;
  /** Paced pass: pause before each action, and onboardings driven (the latency target's reading). */
  thinkMs: number;
  pacedOnboardings: number;
  /** Memory with history: drive more onboardings in the same runtime until this many ran in all (0: skip). */
  historyOnboardings: number;
  /** Ops listing: onboardings in the table before listing. */
  listingOnboardings: number;
  /** Ops listing: page size (the ops CLI lists 100 at a time). */
  pageSize: number;
  /** Lambda: fresh Node processes per bundle for the init time median. */
  initRuns: number;
  /**
   * Lambda: NODE_OPTIONS for every fresh process (bundles, floors, bare start). Empty by default, as
   * the stack deploys its functions; set it to see what a flag would cost, e.g. --enable-source-maps.
   */
  nodeOptions: string;
  /** Where the JSON and Markdown results go (git-ignored). */
  outDir: string;
  /** Write a CPU profile of the runtime process (Node --cpu-prof) to <outDir>/profiles. */
  cpuProfile: boolean;
  phases: ReadonlySet<Phase>;
}

export const PHASES = ['lambda', 'e2e', 'listing', 'cost'] as const;
export type Phase = (typeof PHASES)[number];

const FULL = {
  onboardings: 1_000,
  people: 50,
  thinkMs: 2_000,
  listingOnboardings: 100_000,
  pageSize: 100,
  initRuns: 20,
};
/** Sized for CI: the whole run in well under a minute, every phase exercised. */
const QUICK = {
  onboardings: 30,
  people: 20,
  thinkMs: 500,
  listingOnboardings: 2_000,
  pageSize: 100,
  initRuns: 3,
};

export const USAGE = `npm run bench -- [options]

  --quick                 small sizes for CI (${QUICK.onboardings} onboardings, ${QUICK.listingOnboardings} listed, ${QUICK.initRuns} init runs)
  --onboardings N         end to end: onboardings driven over HTTP (default ${FULL.onboardings})
  --people N              end to end: simulated people acting concurrently (default ${FULL.people})
  --think-ms N            paced pass: each person pauses 0..2N ms (mean N) before acting (default ${FULL.thinkMs})
  --paced N               paced pass: onboardings driven (default: one per person)
  --history N             memory with history: then drive more onboardings in the same runtime until
                          N ran in all, and compare its peak memory with the end-to-end run's (off by default; 5000)
  --listing N             ops listing: onboardings in the table (default ${FULL.listingOnboardings})
  --page-size N           ops listing: page size (default ${FULL.pageSize})
  --init-runs N           Lambda: fresh Node processes per bundle (default ${FULL.initRuns})
  --node-options "FLAGS"  Lambda: NODE_OPTIONS for every fresh process (default none, as deployed)
  --only a,b              phases to run: ${PHASES.join(', ')} (default all; cost needs e2e)
  --out DIR               results folder (default .local/bench)
  --cpu-prof              write a CPU profile of the runtime process to <out>/profiles (Chrome DevTools)
  --render FILE           print the table of a saved run (a bench-*.json) and exit
  --help`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseOptions(argv: string[]): BenchOptions | 'help' | { render: string } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      onboardings: { type: 'string' },
      people: { type: 'string' },
      'think-ms': { type: 'string' },
      paced: { type: 'string' },
      history: { type: 'string' },
      listing: { type: 'string' },
      'page-size': { type: 'string' },
      'init-runs': { type: 'string' },
      'node-options': { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      render: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  if (values.render !== undefined) return { render: resolve(values.render) };
  const base = values.quick ? QUICK : FULL;
  const phases = values.only === undefined ? new Set<Phase>(PHASES) : parsePhases(values.only);
  if (phases.has('cost')) phases.add('e2e');
  const onboardings = count('--onboardings', values.onboardings, base.onboardings, 1);
  const people = Math.min(count('--people', values.people, base.people, 1), onboardings);
  return {
    quick: values.quick,
    onboardings,
    people,
    thinkMs: count('--think-ms', values['think-ms'], base.thinkMs, 0, 600_000),
    pacedOnboardings: count('--paced', values.paced, people, 0),
    historyOnboardings: count('--history', values.history, 0, 0),
    listingOnboardings: count('--listing', values.listing, base.listingOnboardings, 1),
    pageSize: count('--page-size', values['page-size'], base.pageSize, 1, 1000),
    initRuns: count('--init-runs', values['init-runs'], base.initRuns, 1),
    nodeOptions: (values['node-options'] ?? '').trim(),
    outDir: resolve(values.out ?? '.local/bench'),
    cpuProfile: values['cpu-prof'],
    phases,
  };
}

function count(flag: string, raw: string | undefined, fallback: number, min: number, max = 10_000_000) {
  if (raw === undefined) return fallback;
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

function parsePhases(raw: string): Set<Phase> {
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(PHASES as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new UsageError(`Unknown phase(s) ${unknown.join(', ')}; use ${PHASES.join(', ')}`);
  return new Set(names as Phase[]);
}
