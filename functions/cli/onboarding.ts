/**
 * Ops command line: start, list and show onboardings.
 *   npm run onboarding -- start --company NAME --contact-name NAME --contact-email EMAIL --rep-email EMAIL [--force]
 *   npm run onboarding -- list [--stage STAGE]
 *   npm run onboarding -- show ID
 *   npm run onboarding -- resume ID [--stage STAGE]
 *   npm run onboarding -- redrive ID
 * With --stack NAME [--region R], finds the table, the state machine and the API in the stack's
 * outputs (TABLE_NAME, STATE_MACHINE_ARN and --api still override them); with --local, talks to the
 * system `npm start` runs. The people commands (hand-over, change-contact, ...) call the stack's
 * signed API unless --local.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { createDynamoDbStore } from '../adapters/dynamodb-store.ts';
import { createSfnExecutions } from '../adapters/sfn-executions.ts';
import { createSfnStarter } from '../adapters/sfn-workflow.ts';
import { STAGE_KEYS } from '../checklist/stages.ts';
import { type AppConfig, loadConfig } from '../config.ts';
import { describeDeliveryProblem } from '../domain/email-not-sent.ts';
import { DuplicateStartError } from '../domain/errors.ts';
import type { Onboarding } from '../domain/model.ts';
import { parseTeamLines } from '../domain/people/team-lines.ts';
import type { OnboardingStore } from '../domain/ports.ts';
import { resumeOnboarding } from '../domain/resume-onboarding.ts';
import { parseStartRequest } from '../domain/start-onboarding-request.ts';
import { startOnboardingOnce } from '../domain/start-once.ts';
import { claimWords } from '../domain/step-claims.ts';
import { createLogger } from '../observability/logger.ts';
import { noMetrics } from '../observability/metrics.ts';
import { eventsFor } from '../runtime/dependencies-from-env.ts';
import { stageDueSetting } from '../stage-due-schema.ts';
import { stageDueSettingText } from '../stage-due-setting.ts';
import { PEOPLE_COMMANDS, PEOPLE_USAGE, peopleCommand } from './people.ts';
import { peopleApiCommand, signedPeopleApi } from './people-api.ts';
import { redriveCommand } from './redrive.ts';
import { main as smokeMain } from './smoke.ts';
import { plainAwsProblem, readStackResources, stackEnvironment } from './stack-outputs.ts';
import { threadLines } from './thread-lines.ts';

const USAGE = `Usage:
  npm run onboarding -- start --company NAME --contact-name NAME --contact-email EMAIL --rep-email EMAIL [--member "NAME <EMAIL>" ...] [--force]
      (--member, repeated: the provider's team, copied on provider steps; --force: start even if the same company, contact and rep were started in the last 15 minutes)
  npm run onboarding -- list [--stage STAGE]
  npm run onboarding -- show ONBOARDING_ID
  npm run onboarding -- resume ONBOARDING_ID [--stage STAGE]   (after stopping its execution)
  npm run onboarding -- redrive ONBOARDING_ID   (redrives its failed execution if it can, else resumes)
${PEOPLE_USAGE}
  npm run onboarding -- smoke --stack NAME [--timeout SECONDS]   (the post-deploy check, as npm run smoke)
Add --stack NAME [--region REGION] to work on a deployed stack with your AWS credentials: the table, the
state machine and the API come from the stack's outputs (CloudFormation DescribeStacks). start, list, show,
resume and redrive use the table and the state machine; hand-over, change-contact, change-rep, add-product,
remove-member and audit call the stack's signed API (SigV4; needs execute-api:Invoke on it).
Overrides: TABLE_NAME, STATE_MACHINE_ARN, --api URL (or ONBOARDING_API_URL) win over the stack's outputs.
Add --local instead to use the system \`npm start\` runs on this machine (same PORT/SFN_PORT/DYNAMODB_PORT variables).`;

/**
 * Who counts as staff, when the functions' settings are at hand (always with --local; on AWS when the
 * team mailboxes are exported): a start then refuses crossed roles here too, as the start API does.
 */
function staffSettings(env: Record<string, string | undefined>) {
  try {
    return loadConfig(env);
  } catch {
    return undefined;
  }
}

/** A problem the operator can fix; `exitCode` 2 means the command was used wrongly. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

const cliEnv = z.object({
  TABLE_NAME: z.string().min(1, 'TABLE_NAME is required (the stack output TableName)'),
  STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
  PROVIDER_WAIT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(7 * 24 * 3600),
  TEAM_WAIT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(3 * 24 * 3600),
  STAGE_DUE_SECONDS: stageDueSetting.optional(),
});

/**
 * What `--local` needs of the embedded runtime, which `local/` provides (product code never imports
 * `local/`): the variables that point SDK clients at its endpoints, and its own reminder settings.
 */
export interface LocalRuntimeTarget {
  environment(env: Record<string, string | undefined>): Record<string, string>;
  runtimeWaits(env: Record<string, string | undefined>): Promise<AppConfig['waits']>;
}

function parseCli(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      company: { type: 'string' },
      'contact-name': { type: 'string' },
      'contact-email': { type: 'string' },
      'rep-email': { type: 'string' },
      stage: { type: 'string' },
      product: { type: 'string' },
      after: { type: 'string' },
      to: { type: 'string' },
      from: { type: 'string' },
      note: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      reason: { type: 'string' },
      format: { type: 'string' },
      message: { type: 'string' },
      local: { type: 'boolean' },
      api: { type: 'string' },
      stack: { type: 'string' },
      region: { type: 'string' },
      timeout: { type: 'string' },
      force: { type: 'boolean' },
      member: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

export async function main(
  argv: string[],
  env = process.env,
  out = console.log,
  local?: LocalRuntimeTarget,
): Promise<number> {
  const { positionals, values } = parseCli(argv);
  const [command, id] = positionals;
  if (values.help || !command) {
    out(USAGE);
    return values.help ? 0 : 2;
  }

  if (command === 'smoke') {
    if (values.local)
      throw new CliError('smoke checks a deployed stack: name it with --stack, not --local.', 2);
    return smokeMain([
      ...(values.stack ? ['--stack', values.stack] : []),
      ...(values.region ? ['--region', values.region] : []),
      ...(values.timeout ? ['--timeout', values.timeout] : []),
    ]);
  }
  try {
    return await run(command, id, values, env, out, local);
  } catch (error) {
    throw plainAwsProblem(error, { action: `the ${command} command's AWS calls`, resource: 'the stack' });
  }
}

type CliValues = ReturnType<typeof parseCli>['values'];

async function run(
  command: string,
  id: string | undefined,
  values: CliValues,
  env: Record<string, string | undefined>,
  out: (line: string) => void,
  local?: LocalRuntimeTarget,
): Promise<number> {
  // On a stack (unless its state machine is overridden), a start goes through the stack's signed start
  // API: the stack's function starts it with the stack's own reminder settings, under the caller's principal.
  const startThroughApi = Boolean(values.stack) && !env.STATE_MACHINE_ARN && !values.local;
  if (values.stack) {
    if (values.local)
      throw new CliError('--stack and --local name two different systems: give one of them.', 2);
    // The stack's region is the one given, else the one the AWS SDK finds (AWS_REGION, the profile).
    if (values.region) env.AWS_REGION = values.region;
    const resources = await readStackResources(
      new CloudFormationClient(values.region ? { region: values.region } : {}),
      values.stack,
    );
    Object.assign(env, stackEnvironment(resources, env));
  } else if (values.region) {
    env.AWS_REGION = values.region;
  }
  if ((PEOPLE_COMMANDS as readonly string[]).includes(command) && !values.local) {
    // On AWS, people change through the stack's signed API: the functions hold the settings.
    const apiUrl = values.api ?? env.ONBOARDING_API_URL;
    if (!apiUrl)
      throw new CliError(
        `${command} needs the stack: --stack NAME (or --api URL, the stack output ApiUrl), or --local.`,
        2,
      );
    return peopleApiCommand(
      command as (typeof PEOPLE_COMMANDS)[number],
      id,
      values,
      signedPeopleApi(apiUrl),
      out,
    );
  }
  if (values.local) {
    if (!local)
      throw new CliError("--local works from `npm run onboarding` (the local runtime's own entry).", 2);
    // The running `npm start` system: SDK clients read these endpoint variables when created.
    Object.assign(env, local.environment(env));
    if (command === 'start') {
      // Starts carry the reminder intervals into the execution: the running runtime's, never ours.
      const waits = await local.runtimeWaits(env);
      env.PROVIDER_WAIT_SECONDS = String(waits.providerWaitSeconds);
      env.TEAM_WAIT_SECONDS = String(waits.teamWaitSeconds);
      env.STAGE_DUE_SECONDS = stageDueSettingText(waits.stageDueSeconds ?? {});
    }
  }
  const settings = cliEnv.safeParse(env);
  // Without --stack or --local, the table must be named: say the simple way first.
  if (!settings.success && !env.TABLE_NAME)
    throw new CliError(
      `${command} needs the stack: --stack NAME (or TABLE_NAME and STATE_MACHINE_ARN, its outputs), or --local.`,
      2,
    );
  if (!settings.success)
    throw new CliError(settings.error.issues.map((issue) => issue.message).join('; '), 2);
  const store = createDynamoDbStore({
    client: DynamoDBDocumentClient.from(new DynamoDBClient({}), {
      marshallOptions: { removeUndefinedValues: true },
    }),
    tableName: settings.data.TABLE_NAME,
  });

  const starterDeps = () => {
    const arn = settings.data.STATE_MACHINE_ARN;
    if (!arn) throw new CliError('STATE_MACHINE_ARN is required to start or resume (the stack output).', 2);
    return {
      store,
      starter: createSfnStarter(new SFNClient({}), arn),
      waits: {
        providerWaitSeconds: settings.data.PROVIDER_WAIT_SECONDS,
        teamWaitSeconds: settings.data.TEAM_WAIT_SECONDS,
        stageDueSeconds: settings.data.STAGE_DUE_SECONDS,
      },
      clock: () => new Date(),
      logger: createLogger({ service: 'onboarding-cli' }, () => {}),
      staff: staffSettings(env),
      // With EVENT_BUS_NAME and EVENT_SOURCE (set by --local), its starts and resumes are published too.
      events: eventsFor(
        env,
        createLogger({ service: 'onboarding-cli' }, (line) => process.stderr.write(`${line}\n`)),
        noMetrics,
      ),
    };
  };

  if ((PEOPLE_COMMANDS as readonly string[]).includes(command)) {
    return peopleCommand(
      command as (typeof PEOPLE_COMMANDS)[number],
      id,
      values,
      { env, starter: starterDeps, by: env.USER ? `ops:${env.USER}` : 'ops' },
      out,
    );
  }

  switch (command) {
    case 'resume': {
      if (!id) throw new CliError('Name the onboarding: npm run onboarding -- resume ONBOARDING_ID', 2);
      const resumed = await resumeOnboarding(starterDeps(), { onboardingId: id, stage: values.stage });
      out(
        `Onboarding resumed at ${resumed.startAt}.\n  execution: ${resumed.executionName}\n  arn:       ${resumed.executionArn}`,
      );
      return 0;
    }
    case 'redrive': {
      if (!id) throw new CliError('Name the onboarding: npm run onboarding -- redrive ONBOARDING_ID', 2);
      const deps = starterDeps();
      const executions = createSfnExecutions(new SFNClient({}), settings.data.STATE_MACHINE_ARN ?? '');
      return redriveCommand({ ...deps, executions }, id, out);
    }
    case 'start': {
      const request = parseStartRequest({
        company: values.company,
        contactName: values['contact-name'],
        contactEmail: values['contact-email'],
        repEmail: values['rep-email'],
        ...(values.member?.length ? { team: parseTeamLines(values.member) } : {}),
        // One key per invocation: a retry inside this run can never start a second onboarding.
        clientToken: randomUUID(),
        force: values.force,
      });
      if (startThroughApi) {
        const answer = await signedPeopleApi(values.api ?? env.ONBOARDING_API_URL ?? '')(
          'POST',
          '/onboardings',
          request,
        );
        const body = answer.body as {
          onboardingId?: string;
          executionName?: string;
          executionArn?: string;
          message?: string;
        };
        if (answer.status === 409) {
          // The API says how to force it in its own terms ("force": true); the CLI's is --force.
          const situation = (body.message ?? 'That onboarding was started already.').replace(
            /\s*To start a second one anyway,.*$/,
            '',
          );
          throw new CliError(`${situation} To start a second one anyway, add --force.`, 1);
        }
        if (answer.status !== 201 && answer.status !== 200)
          throw new CliError(
            body.message ?? `The stack's API answered ${answer.status}: nothing was started.`,
            1,
          );
        out(
          `Onboarding started.\n  id:        ${body.onboardingId}\n  execution: ${body.executionName}\n  arn:       ${body.executionArn}`,
        );
        return 0;
      }
      const started = await startOnboardingOnce(starterDeps(), request).catch((error: unknown) => {
        if (!(error instanceof DuplicateStartError)) throw error;
        throw new CliError(`${error.situation} To start a second one anyway, add --force.`, 1);
      });
      out(
        `Onboarding started.\n  id:        ${started.onboardingId}\n  execution: ${started.executionName}\n  arn:       ${started.executionArn}`,
      );
      return 0;
    }
    case 'list':
      out(formatList(await listAll(store, values.stage)));
      return 0;
    case 'show': {
      if (!id) throw new CliError('Name the onboarding: npm run onboarding -- show ONBOARDING_ID', 2);
      out(await formatDetail(store, id));
      return 0;
    }
    default:
      out(USAGE);
      return 2;
  }
}

async function listAll(store: OnboardingStore, stage?: string): Promise<Onboarding[]> {
  const stages = stage ? [stage] : [...STAGE_KEYS, 'completed'];
  const all: Onboarding[] = [];
  for (const key of stages) {
    let cursor: string | undefined;
    do {
      const page = await store.listOnboardingsByStage(key, 100, cursor);
      all.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
  }
  return all.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

function formatList(onboardings: Onboarding[]): string {
  if (onboardings.length === 0) return 'No onboardings yet.';
  const rows = onboardings.map(
    (o) => `${o.id.padEnd(50)} ${o.stage.padEnd(22)} ${o.status.padEnd(12)} ${o.company}`,
  );
  return [`${'ID'.padEnd(50)} ${'STAGE'.padEnd(22)} ${'STATUS'.padEnd(12)} COMPANY`, ...rows].join('\n');
}

async function formatDetail(store: OnboardingStore, id: string): Promise<string> {
  const onboarding = await store.getOnboarding(id);
  if (!onboarding) throw new CliError(`There is no onboarding "${id}".`, 1);
  const [waits, events, messages] = await Promise.all([
    store.listWaits(id),
    store.listEvents(id),
    store.listMessages(id),
  ]);
  return [
    `${onboarding.company} (${onboarding.id}) — ${onboarding.status}, at stage ${onboarding.stage}`,
    `  contact: ${onboarding.contactName} <${onboarding.contactEmail}>   rep: ${onboarding.repEmail}`,
    `  alias: ${onboarding.alias ?? '—'}   execution: ${onboarding.executionName}`,
    ...onboarding.products.map((product) => `  product ${product.name}: ${product.status}`),
    'Steps:',
    // In the order they happened: the store lists waits by key, which is alphabetical by stage.
    ...[...waits]
      .sort((a, b) => a.enteredAt.localeCompare(b.enteredAt))
      .map(
        (wait) =>
          `  ${wait.enteredAt}  ${wait.stage}${wait.product ? ` [${wait.product}]` : ''}  ${wait.status}` +
          (wait.decision
            ? ` — ${wait.decision.outcome} by ${wait.decision.actor.id} at ${wait.decision.at}`
            : '') +
          (wait.reminders || wait.escalations
            ? ` (reminders ${wait.reminders}, escalations ${wait.escalations})`
            : '') +
          (wait.deliveryProblem ? `\n      ! ${describeDeliveryProblem(wait.deliveryProblem)}` : '') +
          (wait.status === 'pending' && wait.claim
            ? `\n      ${claimWords(wait.claim, wait)} (since ${wait.claim.at}, from ${wait.claim.via})`
            : ''),
      ),
    ...threadLines(waits, messages),
    'Events:',
    ...events.map(
      (event) =>
        `  ${event.at}  ${event.type}${event.stage ? ` ${event.stage}` : ''}${event.detail ? ` — ${event.detail}` : ''}`,
    ),
  ].join('\n');
}

/** The exit code for an error `main` threw: 2 for a command used wrongly, else 1. */
export function exitCodeOf(error: unknown): number {
  return error instanceof CliError ? error.exitCode : 1;
}
