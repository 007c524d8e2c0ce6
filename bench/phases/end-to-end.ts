import { setTimeout as sleep } from 'node:timers/promises';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { LOCAL_AWS } from '../../local/config.ts';
import { InboxRouter, tagFor } from '../people/inbox-router.ts';
import { driveOnboarding, type OnboardingRun } from '../people/person.ts';
import { ProgressBar } from '../progress.ts';
import type { BenchRuntime } from '../runtime/process.ts';
import type { RuntimeStats } from '../runtime/protocol.ts';
import { type Distribution, distribution, round } from '../stats.ts';

export interface EndToEndResult {
  onboardings: number;
  people: number;
  /** Pause before each action (0: every person acts the moment an email arrives). */
  thinkMs: number;
  completed: number;
  seconds: number;
  onboardingsPerSecond: number;
  /** Action POST -> next email stored, all actions, then by the stage acted on. */
  actionToEmailMs: Distribution;
  actionToEmailByStageMs: Record<string, Distribution>;
  getPageMs: Distribution;
  postActionMs: Distribution;
  /** HTTP requests the people made, per completed onboarding (each is one API Lambda invocation on AWS). */
  requests: { start: number; get: number; post: number };
  executions: Record<string, number>;
  errors: number;
  errorSamples: string[];
  runtime: RuntimeStats;
}

const EMAIL_TIMEOUT_MS = 60_000;

export interface EndToEndOptions {
  onboardings: number;
  people: number;
  thinkMs: number;
  /** Tags are unique per runtime: a second pass starts where the first ended. */
  firstIndex: number;
  label: string;
}

/**
 * N onboardings, each started and driven through every stage over HTTP by one of `people`
 * simulated people acting at the same time (a person takes the next onboarding when theirs completes).
 */
export async function runEndToEnd(runtime: BenchRuntime, options: EndToEndOptions): Promise<EndToEndResult> {
  const router = new InboxRouter();
  const stopRouting = runtime.onEmail((email) => router.deliver(email));
  // The SES stand-in keeps every email in memory: emptied every few seconds (the bench already got
  // each email over IPC) so its growth does not count as the product's memory.
  const clearing = setInterval(() => void runtime.clearInbox().catch(() => {}), 5_000);
  await runtime.stats(true);

  const progress = new ProgressBar(`${options.label}: onboardings completed`, options.onboardings);
  const runs: OnboardingRun[] = [];
  let next = 0;
  const started = performance.now();
  const person = async () => {
    // Paced people start at random moments too, instead of all at once.
    if (options.thinkMs > 0) await sleep(Math.random() * options.thinkMs);
    for (let index = next++; index < options.onboardings; index = next++) {
      const tag = tagFor(options.firstIndex + index);
      const inbox = router.open(tag);
      const run = await driveOnboarding(runtime.urls.api, tag, inbox, {
        emailTimeoutMs: EMAIL_TIMEOUT_MS,
        thinkMs: options.thinkMs,
      });
      router.close(tag);
      runs.push(run);
      progress.tick();
    }
  };
  await Promise.all(Array.from({ length: options.people }, person));
  const seconds = (performance.now() - started) / 1000;
  progress.finish();
  clearInterval(clearing);
  stopRouting();
  const stats = await runtime.stats(true);

  const executions = await executionStatuses(runtime.urls.sfn);
  const errorSamples = runs.flatMap((run) => run.errors);
  const notSucceeded = Object.entries(executions)
    .filter(([status]) => status !== 'SUCCEEDED')
    .reduce((sum, [, count]) => sum + count, 0);
  if (notSucceeded > 0) errorSamples.push(`${notSucceeded} execution(s) did not succeed`);
  if (stats.logLines.error > 0)
    errorSamples.push(`${stats.logLines.error} ERROR log line(s) from the runtime`);
  const completed = runs.filter((run) => run.completed).length;
  const latencies = runs.flatMap((run) => run.latencies);
  const byStage = new Map<string, number[]>();
  for (const { stage, ms } of latencies) {
    const samples = byStage.get(stage) ?? [];
    samples.push(ms);
    byStage.set(stage, samples);
  }
  const perOnboarding = (pick: (run: OnboardingRun) => number) =>
    round(runs.reduce((sum, run) => sum + pick(run), 0) / Math.max(1, completed), 2);

  return {
    onboardings: options.onboardings,
    people: options.people,
    thinkMs: options.thinkMs,
    completed,
    seconds: round(seconds, 2),
    onboardingsPerSecond: round(completed / seconds, 2),
    actionToEmailMs: distribution(latencies.map((sample) => sample.ms)),
    actionToEmailByStageMs: Object.fromEntries(
      [...byStage].map(([stage, samples]) => [stage, distribution(samples)]),
    ),
    getPageMs: distribution(runs.flatMap((run) => run.getMs)),
    postActionMs: distribution(runs.flatMap((run) => run.postMs)),
    requests: {
      start: perOnboarding((run) => run.requests.start),
      get: perOnboarding((run) => run.requests.get),
      post: perOnboarding((run) => run.requests.post),
    },
    executions,
    errors:
      runs.reduce((sum, run) => sum + run.errors.length, 0) +
      (options.onboardings - runs.length) +
      notSucceeded +
      stats.logLines.error,
    errorSamples: errorSamples.slice(0, 10),
    runtime: stats,
  };
}

/**
 * Every execution's status, through the Step Functions API the runtime serves. The completion email
 * goes out a moment before the execution ends, so running ones get a few seconds to finish.
 */
async function executionStatuses(sfnUrl: string): Promise<Record<string, number>> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const statuses = await listStatuses(sfnUrl);
    if (!statuses.RUNNING || Date.now() > deadline) return statuses;
    await sleep(200);
  }
}

async function listStatuses(sfnUrl: string): Promise<Record<string, number>> {
  const sfn = new SFNClient({
    endpoint: sfnUrl,
    region: LOCAL_AWS.region,
    credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
  });
  const statuses: Record<string, number> = {};
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: `arn:aws:states:${LOCAL_AWS.region}:${LOCAL_AWS.accountId}:stateMachine:${LOCAL_AWS.stateMachineName}`,
        maxResults: 1000,
        nextToken,
      }),
    );
    for (const execution of page.executions ?? []) {
      const status = execution.status ?? 'UNKNOWN';
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
    nextToken = page.nextToken;
  } while (nextToken);
  sfn.destroy();
  return statuses;
}
