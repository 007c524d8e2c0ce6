import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EndToEndResult } from './phases/end-to-end.ts';
import { type BenchResults, TARGETS } from './results.ts';
import type { Distribution } from './stats.ts';

type Row = [string, string, string, string];

/** The results as one Markdown table (also readable in a terminal), with the machine underneath. */
export function renderTable(results: BenchResults): string {
  const rows: Row[] = [];
  const { endToEnd, paced, floor, lambda, listing, cost } = results;

  if (endToEnd) {
    const e = endToEnd;
    rows.push(
      [
        `End to end: ${e.onboardings} onboardings, ${e.people} people acting at once, no pause`,
        `${e.completed} completed in ${e.seconds} s: **${e.onboardingsPerSecond} onboardings/s**`,
        '',
        '',
      ],
      ['Action POST → next email stored, no pause (saturated)', percentiles(e.actionToEmailMs), '', ''],
    );
  }
  if (paced) {
    rows.push([
      `Action POST → next email stored, ${paced.people} people pausing ${paced.thinkMs} ms on average before each action`,
      percentiles(paced.actionToEmailMs),
      `p99 ≤ ${TARGETS.p99ActionToEmailMs} ms`,
      verdict(paced.actionToEmailMs.p99, TARGETS.p99ActionToEmailMs),
    ]);
  }
  if (endToEnd) {
    rows.push(
      [
        `Peak memory of the runtime process, ${endToEnd.onboardings.toLocaleString('en-US')} onboardings run (RSS, of which JS heap in use)`,
        `${mib(endToEnd.runtime.peakRssBytes)} MiB (${mib(endToEnd.runtime.peakHeapUsedBytes)} MiB)${rssParts(endToEnd)}`,
        `≤ ${TARGETS.peakRssMiB} MiB at 1,000`,
        verdict(endToEnd.runtime.peakRssBytes / 2 ** 20, TARGETS.peakRssMiB),
      ],
      ...dynamodbRows(endToEnd),
    );
  }
  if (endToEnd && results.history) {
    const h = results.history;
    const ratio = h.runtime.peakRssBytes / Math.max(1, endToEnd.runtime.peakRssBytes);
    rows.push([
      `Peak memory after ${(h.onboardings + endToEnd.onboardings + (paced?.onboardings ?? 0)).toLocaleString('en-US')} onboardings in the same runtime (RSS, of which JS heap), ÷ the figure above`,
      `${mib(h.runtime.peakRssBytes)} MiB (${mib(h.runtime.peakHeapUsedBytes)} MiB)${rssParts(h)}: **${ratio.toFixed(2)}×**`,
      `≤ ${TARGETS.historyRssRatio}×`,
      verdict(ratio, TARGETS.historyRssRatio),
    ]);
  }
  if (floor && results.overheadRatio !== undefined && endToEnd) {
    rows.push([
      `Overhead ratio: end to end ${endToEnd.seconds} s / floor ${floor.seconds} s (same ${Object.values(floor.calls).reduce((a, b) => a + b, 0)} DynamoDB + SES calls, direct, ${floor.concurrency} at a time)`,
      `**${results.overheadRatio}**`,
      `≤ ${TARGETS.overheadRatio}`,
      verdict(results.overheadRatio, TARGETS.overheadRatio),
    ]);
  }
  rows.push([
    'Errors (all phases)',
    `**${results.errors}**`,
    `${TARGETS.errors}`,
    results.errors === 0 ? 'met' : 'MISSED',
  ]);

  if (lambda) {
    for (const fn of lambda.functions) {
      const [largest, bytes] = Object.entries(fn.contents)[0] ?? ['-', 0];
      const ratio = initRatio(fn.medianMs, lambda.bareNodeStartMs);
      rows.push([
        `Lambda \`${fn.handler}\`: bundle (largest part ${largest}, ${kib(bytes)} KiB); start ÷ its SDK floor (${fn.sdkAtInit.join(' + ') || 'no SDK'}, ${fn.sdkFloorMs} ms); start ÷ bare Node start (module init ${fn.medianMs} ms)`,
        `${kib(fn.bytes)} KiB; **${fn.startOverSdkFloor.toFixed(2)}×** (in CPU time ${fn.startCpuOverSdkFloorCpu?.toFixed(2) ?? '-'}×); ${ratio.toFixed(2)}×`,
        `≤ ${TARGETS.bundleKiB} KiB; ≤ ${TARGETS.startOverSdkFloor}×; ≤ ${TARGETS.initRatio}×`,
        `${verdict(fn.bytes / 1024, TARGETS.bundleKiB)}; ${verdict(fn.startOverSdkFloor, TARGETS.startOverSdkFloor)}; ${verdict(ratio, TARGETS.initRatio)}`,
      ]);
    }
  }

  if (listing) {
    const p = listing.pagingOneStage;
    rows.push(
      [
        `Ops listing, first page of ${listing.pageSize} (by stage, ${listing.onboardingsInTable.toLocaleString('en-US')} onboardings in the table)`,
        percentiles(listing.firstPageMs),
        `p95 ≤ ${TARGETS.firstPageMs} ms`,
        verdict(listing.firstPageMs.p95, TARGETS.firstPageMs),
      ],
      [
        `Ops listing, paging through stage ${p.stage} (${p.onboardings.toLocaleString('en-US')} onboardings)`,
        `${p.pages} pages in ${p.seconds} s; per page ${percentiles(p.pageMs)}`,
        '',
        '',
      ],
    );
  }

  if (cost) {
    const per = cost.perOnboarding;
    const d = cost.dollarsPer1000;
    rows.push(
      [
        'State transitions per happy-path onboarding (one product)',
        `**${per.stateTransitions}**`,
        `≤ ${TARGETS.stateTransitions}`,
        verdict(per.stateTransitions, TARGETS.stateTransitions),
      ],
      [
        'Lambda invocations per onboarding (workflow tasks + API requests)',
        `${per.lambdaInvocations.workflow} + ${per.lambdaInvocations.api}`,
        '',
        '',
      ],
      [
        `Cost per 1,000 onboardings, us-east-1 (Step Functions $${d.stepFunctions}, Lambda $${d.lambda}, DynamoDB $${d.dynamodb}, SES $${d.ses}, API Gateway $${d.apiGateway})`,
        `**$${d.total.toFixed(2)}**`,
        `≤ $${TARGETS.dollarsPer1000}`,
        verdict(d.total, TARGETS.dollarsPer1000),
      ],
    );
  }

  const header: Row = ['Measure', 'Result', 'Target', 'Verdict'];
  const lines = [header, ['---', '---', '---', '---'] as Row, ...rows].map((row) => `| ${row.join(' | ')} |`);
  const m = results.machine;
  const noise = Object.entries(results.otherLoadCores)
    .map(([phase, cores]) => `${phase} ${cores === undefined ? '?' : cores.toFixed(2)}`)
    .join(', ');
  const notes = lambda
    ? [
        `Lambda bundles: esbuild, minified ESM as CDK builds them, @aws-sdk/* left to the nodejs24.x runtime; module init: median wall time of ${lambda.initRuns} fresh Node processes importing the bundle, minus a bare Node start (${lambda.bareNodeStartMs} ms, measured interleaved in the same run); SDK floor: median wall time of fresh Node processes importing only the @aws-sdk/* packages the bundle imports statically (from its metafile), interleaved too; start ÷ SDK floor = (bare start + init) / floor; start ÷ bare = (bare start + init) / bare start; ${lambda.nodeOptions ? `every process ran with NODE_OPTIONS=${lambda.nodeOptions}` : 'no NODE_OPTIONS, as the stack deploys its functions'}.`,
      ]
    : [];
  return [
    ...lines,
    '',
    ...notes,
    `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB memory, Node ${m.node}, ${m.platform}; load average at start ${m.loadAverageAtStart.join(' / ')}.`,
    `Other processes' CPU use during each phase, in cores (0 = quiet machine): ${noise}.`,
    `Run of ${results.seconds} s started ${results.startedAt}${results.options.quick ? ' (--quick: small sizes, figures only indicative)' : ''}.`,
  ].join('\n');
}

/** What the peak RSS was made of, when the run recorded it. */
function rssParts(e: EndToEndResult): string {
  const parts = e.runtime.peakRssParts;
  if (!parts) return '';
  return `; at the peak: main heap ${mib(parts.mainHeapBytes)}, DynamoDB worker heap ${mib(parts.workerHeapBytes)}, native and other ${mib(parts.otherBytes)} MiB`;
}

/** A fresh Lambda's start (bare Node start + module init) over a bare Node start, measured in one run. */
export function initRatio(initMs: number, bareMs: number): number {
  return bareMs > 0 ? (bareMs + initMs) / bareMs : Number.NaN;
}

/** DynamoDB calls per completed onboarding (the target), by operation, then per action kind. */
function dynamodbRows(e: EndToEndResult): Row[] {
  const completed = Math.max(1, e.completed);
  const entries = Object.entries(e.runtime.dynamodb).sort(([, a], [, b]) => b.count - a.count);
  const total = entries.reduce((sum, [, entry]) => sum + entry.count, 0) / completed;
  const rows: Row[] = [
    [
      'DynamoDB calls per happy-path onboarding (one product), by operation',
      `**${total.toFixed(1)}** (${entries.map(([operation, entry]) => `${operation} ${(entry.count / completed).toFixed(1)}`).join(', ')})`,
      `≤ ${TARGETS.dynamodbCallsPerOnboarding}`,
      verdict(total, TARGETS.dynamodbCallsPerOnboarding),
    ],
  ];
  const kinds = Object.entries(e.runtime.dynamodbByAction ?? {}).sort(([a], [b]) => a.localeCompare(b));
  for (const [kind, entry] of kinds) {
    if (entry.invocations === 0) continue;
    const operations = Object.entries(entry.byOperation)
      .sort(([, a], [, b]) => b - a)
      .map(([operation, count]) => `${operation} ${(count / entry.invocations).toFixed(1)}`)
      .join(', ');
    rows.push([
      `DynamoDB calls per ${kind} (${(entry.invocations / completed).toFixed(1)} per onboarding)`,
      `${(entry.calls / entry.invocations).toFixed(1)} (${operations})`,
      '',
      '',
    ]);
  }
  return rows;
}

/** `met (n% headroom)` or `MISSED by n%`; lower is better for every target. */
export function verdict(value: number, target: number): string {
  if (!Number.isFinite(value)) return 'no data';
  if (value <= target) return `met (${Math.round((1 - value / target) * 100)}% headroom)`;
  return `MISSED by ${Math.round((value / target - 1) * 100)}%`;
}

function percentiles(d: Distribution): string {
  return `p50 ${d.p50} / p95 ${d.p95} / p99 ${d.p99} ms (n=${d.count})`;
}

const kib = (bytes: number) => (bytes / 1024).toFixed(0);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/** Writes bench-<time>.json and .md plus latest.json / latest.md under `outDir`; returns their paths. */
export function writeResults(outDir: string, results: BenchResults, table: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const stamp = results.startedAt.replace(/[:.]/g, '-');
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const markdown = `${table}\n`;
  const files: [string, string][] = [
    [join(outDir, `bench-${stamp}.json`), json],
    [join(outDir, `bench-${stamp}.md`), markdown],
    [join(outDir, 'latest.json'), json],
    [join(outDir, 'latest.md'), markdown],
  ];
  for (const [file, content] of files) writeFileSync(file, content);
  return files.slice(0, 2).map(([file]) => file);
}
