/**
 * `npm run bench`: how fast and how cheap the product is, on the local runtime, side by side with
 * its floor. Prints a table, writes the same figures as JSON under .local/bench/ (git-ignored), and
 * exits non-zero only when something failed (errors > 0): figures are reported, never asserted.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine, NoiseMeter } from './machine.ts';
import { type BenchOptions, PHASES, parseOptions, USAGE } from './options.ts';
import { runCost } from './phases/cost.ts';
import { runEndToEnd } from './phases/end-to-end.ts';
import { runFloor } from './phases/floor.ts';
import { runLambda } from './phases/lambda.ts';
import { runListing } from './phases/listing.ts';
import { renderTable, writeResults } from './report.ts';
import type { BenchResults } from './results.ts';
import { BenchRuntime } from './runtime/process.ts';
import { round } from './stats.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

async function main(): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  if ('render' in options) {
    console.log(renderTable(JSON.parse(readFileSync(options.render, 'utf8')) as BenchResults));
    return 0;
  }

  const started = performance.now();
  const { phases: selected, outDir: _outDir, cpuProfile: _cpuProfile, ...sizes } = options;
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    seconds: 0,
    options: { ...sizes, phases: PHASES.filter((phase) => selected.has(phase)) },
    machine: describeMachine(),
    otherLoadCores: {},
    errors: 0,
    errorSamples: [],
  };
  const fail = (what: string, error: unknown) => {
    results.errors += 1;
    results.errorSamples.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  };

  // Lambda first, before the runtime exists: its fresh Node processes want the machine to themselves.
  if (selected.has('lambda')) {
    const noise = new NoiseMeter(() => []);
    try {
      results.lambda = await runLambda(
        REPO_ROOT,
        join(REPO_ROOT, '.local', 'bench', 'bundles'),
        options.initRuns,
        options.nodeOptions,
      );
    } catch (error) {
      fail('lambda', error);
    }
    results.otherLoadCores.lambda = noise.otherCores();
  }

  if (selected.has('e2e') || selected.has('listing')) {
    let runtime: BenchRuntime | undefined;
    try {
      mkdirSync(options.outDir, { recursive: true });
      runtime = await BenchRuntime.start(
        join(options.outDir, 'runtime.log'),
        options.cpuProfile ? join(options.outDir, 'profiles') : undefined,
      );
      const pids = () => (runtime?.pid ? [runtime.pid] : []);
      await runRuntimePhases(runtime, options, results, pids, fail);
    } catch (error) {
      fail('runtime', error);
    } finally {
      await runtime?.stop();
    }
  }

  results.seconds = round((performance.now() - started) / 1000, 1);
  const table = renderTable(results);
  const files = writeResults(options.outDir, results, table);
  console.log(`\n${table}\n`);
  if (results.errorSamples.length > 0) console.log(`Errors:\n  ${results.errorSamples.join('\n  ')}\n`);
  console.log(`Results: ${files.join(', ')}`);
  return results.errors > 0 ? 1 : 0;
}

async function runRuntimePhases(
  runtime: BenchRuntime,
  options: BenchOptions,
  results: BenchResults,
  pids: () => number[],
  fail: (what: string, error: unknown) => void,
): Promise<void> {
  let inTable = 0;
  if (options.phases.has('e2e')) {
    let noise = new NoiseMeter(pids);
    const e2e = await runEndToEnd(runtime, {
      onboardings: options.onboardings,
      people: options.people,
      thinkMs: 0,
      firstIndex: 0,
      label: 'end to end',
    });
    results.otherLoadCores.endToEnd = noise.otherCores();
    results.endToEnd = e2e;
    results.errors += e2e.errors;
    results.errorSamples.push(...e2e.errorSamples);
    inTable += e2e.onboardings;

    noise = new NoiseMeter(pids);
    try {
      results.floor = await runFloor(runtime, e2e.runtime, options.people);
      results.overheadRatio = round(e2e.seconds / results.floor.seconds, 2);
    } catch (error) {
      fail('floor', error);
    }
    results.otherLoadCores.floor = noise.otherCores();

    if (options.pacedOnboardings > 0) {
      noise = new NoiseMeter(pids);
      const paced = await runEndToEnd(runtime, {
        onboardings: options.pacedOnboardings,
        people: Math.min(options.people, options.pacedOnboardings),
        thinkMs: options.thinkMs,
        firstIndex: options.onboardings,
        label: `paced (${options.thinkMs} ms pause)`,
      });
      results.otherLoadCores.paced = noise.otherCores();
      results.paced = paced;
      results.errors += paced.errors;
      results.errorSamples.push(...paced.errorSamples);
      inTable += paced.onboardings;
    }

    const historyMore = options.historyOnboardings - inTable;
    if (historyMore > 0) {
      noise = new NoiseMeter(pids);
      const history = await runEndToEnd(runtime, {
        onboardings: historyMore,
        people: options.people,
        thinkMs: 0,
        firstIndex: inTable,
        label: `history (to ${options.historyOnboardings})`,
      });
      results.otherLoadCores.history = noise.otherCores();
      results.history = history;
      results.errors += history.errors;
      results.errorSamples.push(...history.errorSamples);
      inTable += history.onboardings;
    }

    if (options.phases.has('cost')) {
      try {
        results.cost = await runCost(runtime.urls.sfn, e2e);
      } catch (error) {
        fail('cost', error);
      }
    }
  }

  if (options.phases.has('listing')) {
    const noise = new NoiseMeter(pids);
    try {
      const listing = await runListing(runtime.urls.dynamodb, {
        total: options.listingOnboardings,
        alreadyInTable: inTable,
        pageSize: options.pageSize,
      });
      results.listing = listing;
      results.errors += listing.errors;
      if (listing.errors > 0) results.errorSamples.push(`listing: ${listing.errors} failed request(s)`);
    } catch (error) {
      fail('listing', error);
    }
    results.otherLoadCores.listing = noise.otherCores();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
