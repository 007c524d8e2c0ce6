import { createDynamoDbStore } from '../../functions/adapters/dynamodb-store.ts';
import type { StageKey } from '../../functions/checklist/stages.ts';
import type { Dependencies, StarterDependencies } from '../../functions/domain/dependencies.ts';
import type { Mailer, OutgoingEmail, WorkflowCallbacks } from '../../functions/domain/ports.ts';
import { dueAtShortestWait } from '../../functions/domain/stage-due-times.ts';
import { actionApiHandler } from '../../functions/http/action-api-handler.ts';
import { createLogger } from '../../functions/observability/logger.ts';
import { completeOnboardingHandler } from '../../functions/tasks/complete-onboarding-handler.ts';
import { enterStageHandler } from '../../functions/tasks/enter-stage-handler.ts';
import { recordProductOutcomeHandler } from '../../functions/tasks/record-product-outcome-handler.ts';
import { remindOrEscalateHandler } from '../../functions/tasks/remind-or-escalate-handler.ts';
import { LocalWorkflowEngine, WorkflowServiceError } from '../../local/stepfunctions/index.ts';
import { readAslText } from '../../statemachine/definition.ts';
import { apiEvent, formBody, lambdaContext } from './api-events.ts';
import { type LocalTable, startDynalite } from './dynalite.ts';
import { testConfig } from './test-config.ts';

const CLOSED_TOKEN = new Set(['TaskTimedOut', 'InvalidToken']);

export interface SentEmail extends OutgoingEmail {
  at: number;
}

/**
 * The whole product in one process: the real ASL on the local engine, the real task and action
 * handlers (middy chains), the real DynamoDB store on dynalite. Email goes to an inbox the test
 * reads; everything a person or a log could see is captured so tests can search it for tokens.
 */
export class InProcessSystem {
  readonly pages: string[] = [];
  private readonly consumed = new Set<SentEmail>();

  private constructor(
    readonly table: LocalTable,
    readonly deps: Dependencies,
    readonly engine: LocalWorkflowEngine,
    readonly starterDeps: StarterDependencies,
    readonly emails: SentEmail[],
    readonly logLines: string[],
    /** Every task token the engine handed to enter-stage: what must never be seen elsewhere. */
    readonly tokensIssued: string[],
    /**
     * When the engine handed each enter-stage task over (ms, Date.now()): the task's timer was
     * already running then, so its timeout counts from no later than this.
     */
    readonly stageTasksHandedOver: { stage: string; product?: string; at: number }[],
  ) {}

  static async start(
    options: {
      waitSeconds?: number;
      maxReminders?: number;
      /** Each stage's own due time (seconds); the rest are due after `waitSeconds`. */
      stageDueSeconds?: Partial<Record<StageKey, number>>;
    } = {},
  ): Promise<InProcessSystem> {
    const table = await startDynalite();
    const config = testConfig({ MAX_REMINDERS: String(options.maxReminders ?? 2) });
    const waitSeconds = options.waitSeconds ?? 3600;
    let engine: LocalWorkflowEngine | undefined;
    const emails: SentEmail[] = [];
    const logLines: string[] = [];
    const mailer: Mailer = {
      send: async (email) => {
        emails.push({ ...email, at: Date.now() });
        return { messageId: `local-${emails.length}` };
      },
    };
    const workflow: WorkflowCallbacks = {
      sendTaskSuccess: async (taskToken, output) => {
        try {
          await engine?.sendTaskSuccess(taskToken, JSON.stringify(output));
          return 'delivered';
        } catch (error) {
          if (error instanceof WorkflowServiceError && CLOSED_TOKEN.has(error.name)) return 'stale';
          throw error;
        }
      },
    };
    const store = createDynamoDbStore({ client: table.documentClient, tableName: table.tableName });
    const logger = createLogger({}, (line) => logLines.push(line));
    const deps: Dependencies = { store, mailer, workflow, config, clock: () => new Date(), logger };
    const tokensIssued: string[] = [];
    const stageTasksHandedOver: { stage: string; product?: string; at: number }[] = [];
    const enterStage = enterStageHandler(deps);
    engine = new LocalWorkflowEngine({
      definition: readAslText(),
      stateMachineName: 'marketplace-onboarding',
      functions: {
        EnterStageFunctionArn: (event, context) => {
          const task = event as { taskToken: string; stage: string; product?: string };
          stageTasksHandedOver.push({ stage: task.stage, product: task.product, at: Date.now() });
          tokensIssued.push(task.taskToken);
          return enterStage(event as never, context);
        },
        RemindOrEscalateFunctionArn: remindOrEscalateHandler(deps),
        RecordProductOutcomeFunctionArn: recordProductOutcomeHandler(deps),
        CompleteOnboardingFunctionArn: completeOnboardingHandler(deps),
      },
      onLog: (line) => logLines.push(line),
      retryDelayScale: 0.001,
    });
    const running = engine;
    const starterDeps: StarterDependencies = {
      store,
      starter: {
        startExecution: async ({ name, input }) =>
          running.startExecution({ name, input: JSON.stringify(input) }),
      },
      waits: {
        providerWaitSeconds: waitSeconds,
        teamWaitSeconds: waitSeconds,
        stageDueSeconds: {
          ...dueAtShortestWait({ providerWaitSeconds: waitSeconds, teamWaitSeconds: waitSeconds }),
          ...options.stageDueSeconds,
        },
      },
      clock: () => new Date(),
      logger,
    };
    return new InProcessSystem(
      table,
      deps,
      engine,
      starterDeps,
      emails,
      logLines,
      tokensIssued,
      stageTasksHandedOver,
    );
  }

  async stop(): Promise<void> {
    await this.engine.dispose();
    await this.table.stop();
  }

  /** Waits for the next email to `recipient` (matching `subject`) that no earlier call returned. */
  async nextEmail(recipient: string, subject: RegExp = /./, timeoutMs = 10_000): Promise<SentEmail> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.emails.find(
        (email) => !this.consumed.has(email) && email.to.includes(recipient) && subject.test(email.subject),
      );
      if (found) {
        this.consumed.add(found);
        return found;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const summary = this.emails.map((email) => `${email.to.join(',')}: ${email.subject}`).join('\n  ');
    throw new Error(
      `No email to ${recipient} matching ${subject} within ${timeoutMs} ms. Sent so far:\n  ${summary}`,
    );
  }

  /** The action link id in an email (the part after /a/). */
  static linkIdIn(email: SentEmail): string {
    const match = email.text.match(/\/a\/([A-Za-z0-9_-]{43,})/);
    if (!match?.[1]) throw new Error(`No action link in "${email.subject}"`);
    return match[1];
  }

  /** A person opens the link (GET), then submits the form (POST): returns the POST's answer. */
  async act(email: SentEmail, fields: Record<string, string | string[]>) {
    const linkId = InProcessSystem.linkIdIn(email);
    const page = await this.request('GET', linkId);
    if (page.statusCode !== 200)
      throw new Error(`GET of the link in "${email.subject}" answered ${page.statusCode}`);
    return this.request('POST', linkId, formBody(fields));
  }

  async request(method: 'GET' | 'HEAD' | 'POST', linkId: string, body?: string) {
    const response = await actionApiHandler(this.deps)(
      apiEvent({
        method,
        path: `/a/${linkId}`,
        pathParameters: { id: linkId },
        body,
        contentType: body === undefined ? undefined : 'application/x-www-form-urlencoded',
      }),
      lambdaContext,
    );
    this.pages.push(response.body ?? '');
    return response;
  }

  /** Everything a person, a log reader or an ops console could see. */
  async everythingCaptured(): Promise<string> {
    const histories = await Promise.all(
      (await this.engine.listExecutions()).executions.map((execution) =>
        this.engine.getExecutionHistory(execution.executionArn, { maxResults: 1000 }),
      ),
    );
    return [
      JSON.stringify(this.emails),
      this.logLines.join('\n'),
      this.pages.join('\n'),
      JSON.stringify(histories),
    ].join('\n');
  }
}
