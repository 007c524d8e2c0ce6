import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient, createDynamoDbStore } from '../functions/adapters/dynamodb-store.ts';
import { createLogger } from '../functions/observability/logger.ts';
import { opsConsole } from '../ops-console/index.ts';
import { readAslText } from '../statemachine/definition.ts';
import { startApiGateway } from './api-gateway/index.ts';
import { apiRoutes } from './api-routes.ts';
import { LOCAL_AWS, type LocalConfig } from './config.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { startCrashPoint } from './fault-injection/crash-point.ts';
import { faultControlRoute } from './fault-injection/fault-control.ts';
import { startFaultInjection } from './fault-injection/fault-injection.ts';
import { handlerEnvironment } from './handler-environment.ts';
import { inboxPages } from './inbox/index.ts';
import { landingPage } from './landing-page.ts';
import { createLocalEventSink } from './lifecycle-events/event-sink.ts';
import { putEventsRoute } from './lifecycle-events/put-events-route.ts';
import { localConsoleSource } from './ops-console-source.ts';
import { assertPortFree, freePort } from './port-check.ts';
import {
  deliverUnsentMessagesAtStart,
  resumeInProgressOnboardings,
  sweepOrphansAtStart,
} from './recovery.ts';
import { runtimeSettingsRoute } from './runtime-settings.ts';
import { scheduleCheck } from './scheduled-check.ts';
import { sesEventsRoute } from './ses-events-route.ts';
import { keepInbox } from './ses-inbox-limit.ts';
import { startSesSandbox } from './ses-sandbox.ts';
import { LocalWorkflowEngine } from './stepfunctions/index.ts';
import { startStepFunctionsService } from './stepfunctions-service/index.ts';
import { assertDataDirWritable, dataDisk } from './supervision/disk-space.ts';
import { healthReport, healthRoute } from './supervision/health-route.ts';
import { superviseDynamoDb, superviseSes, superviseStepFunctions } from './supervision/stand-ins.ts';

export interface LocalRuntime {
  urls: { api: string; inbox: string; sfn: string; dynamodb: string };
  dataDir: string;
  engine: LocalWorkflowEngine;
  resumed: number;
  /** The DynamoDB worker thread's V8 heap, which `process.memoryUsage()` does not include. */
  dynamodbHeapStatistics(): Promise<{ used_heap_size: number; total_heap_size: number }>;
  stop(): Promise<void>;
}

/**
 * The whole product on this machine: DynamoDB (dynalite, on disk), SES (aws-ses-v2-local), Step
 * Functions (the real ASL on the local engine, behind the AWS JSON protocol) and API Gateway (HTTP
 * API v2 events), with the very handler modules that run in Lambda.
 */
export async function startLocalRuntime(
  config: LocalConfig,
  log: (line: string) => void,
  /** A stand-in that could not be brought back: the runtime cannot go on (npm start exits non-zero). */
  onFatal: (reason: string) => void = (reason) => log(`[supervisor] ${reason}`),
): Promise<LocalRuntime> {
  const { host, ports } = config;
  // Claims on work made before this moment belong to a process that is gone (see the recovery).
  const startedAt = new Date().toISOString();
  await assertPortFree(host, ports.api, 'PORT', 'action links and APIs');
  await assertPortFree(host, ports.sfn, 'SFN_PORT', 'Step Functions');
  await assertPortFree(host, ports.dynamodb, 'DYNAMODB_PORT', 'DynamoDB');
  await assertPortFree(host, ports.ses, 'SES_PORT', 'SES');

  const closers: (() => Promise<void>)[] = [];
  const stop = async () => {
    // Writes waiting for space give up first, so a full disk never holds the stop.
    dataDisk.stop();
    for (const close of closers.reverse()) await close().catch(() => {});
  };
  try {
    assertDataDirWritable(config.dataDir);
    const unlock = lockDataDir(config.dataDir);
    closers.push(async () => unlock());
    dataDisk.watch({ dir: config.dataDir, log: (line) => log(`[disk] ${line}`) });
    const supervision = { host, log: (line: string) => log(`[supervisor] ${line}`), onGiveUp: onFatal };
    const dynamodbPart = await superviseDynamoDb({
      ...supervision,
      port: ports.dynamodb,
      dataDir: config.dataDir,
    });
    closers.push(dynamodbPart.close);
    const dynamodb = dynamodbPart.current();
    // The inbox is read back from the data folder before the stand-in answers anything.
    const inbox = keepInbox({
      maxEmails: config.inboxMaxEmails,
      log,
      dataDir: config.dataDir,
      disk: dataDisk,
    });
    closers.push(inbox.close);
    const sesPart = await superviseSes({ ...supervision, port: ports.ses });
    closers.push(sesPart.close);
    const ses = sesPart.current();
    // Handlers -> fault injection -> SES sandbox -> the stand-in: each layer only when asked for.
    const sandbox = config.sesSandbox.enabled
      ? await startSesSandbox({
          target: ses.url,
          host,
          dataDir: config.dataDir,
          ...config.sesSandbox,
          onLog: log,
        })
      : undefined;
    if (sandbox) closers.push(sandbox.close);
    const faults = await startFaultInjection(
      config,
      { dynamodb: dynamodb.endpoint, ses: sandbox?.url ?? ses.url },
      log,
    );
    closers.push(faults.close);
    // The SFN and API ports must be known before the handler modules read their environment.
    const sfnPort = ports.sfn || (await freePort(host));
    const apiPort = ports.api || (await freePort(host));
    const apiUrl = `http://${host === '127.0.0.1' ? 'localhost' : host}:${apiPort}`;
    let sfnForHandlers = `http://${host}:${sfnPort}`;
    if (config.crashAt) {
      const crashPoint = await startCrashPoint({
        operation: config.crashAt,
        target: sfnForHandlers,
        host,
        onLog: (line) => log(`[faults] ${line}`),
      });
      closers.push(crashPoint.close);
      sfnForHandlers = crashPoint.url;
    }
    Object.assign(
      process.env,
      handlerEnvironment(config, {
        api: apiUrl,
        dynamodb: faults.endpoints.dynamodb,
        ses: faults.endpoints.ses,
        sfn: sfnForHandlers,
      }),
      faults.environment,
    );

    // Imported only now: each handler module checks its configuration when it loads, as in Lambda.
    const [
      enterStage,
      remind,
      productOutcome,
      complete,
      actionApi,
      startOnboarding,
      repCallback,
      emailEvents,
    ] = await Promise.all([
      import('../functions/handlers/enter-stage.ts'),
      import('../functions/handlers/remind-or-escalate.ts'),
      import('../functions/handlers/record-product-outcome.ts'),
      import('../functions/handlers/complete-onboarding.ts'),
      import('../functions/handlers/action-api.ts'),
      import('../functions/handlers/start-onboarding.ts'),
      import('../functions/handlers/rep-callback.ts'),
      import('../functions/handlers/email-events.ts'),
    ]);
    const stuckCheck = await import('../functions/handlers/check-stuck-onboardings.ts');
    const viewPages = await import('../functions/handlers/view-pages.ts');
    const peopleApi = await import('../functions/handlers/people-api.ts');
    const { dependenciesFromEnv } = await import('../functions/runtime/dependencies-from-env.ts');

    const definition = readAslText();
    const engine = new LocalWorkflowEngine({
      definition,
      stateMachineName: LOCAL_AWS.stateMachineName,
      region: LOCAL_AWS.region,
      accountId: LOCAL_AWS.accountId,
      functions: {
        EnterStageFunctionArn: enterStage.handler,
        RemindOrEscalateFunctionArn: remind.handler,
        RecordProductOutcomeFunctionArn: productOutcome.handler,
        CompleteOnboardingFunctionArn: complete.handler,
      },
      onLog: (line) => log(`[stepfunctions] ${line}`),
      retryDelayScale: config.retryDelayScale,
      // Executions and histories answer after a restart, as on AWS (see local/stepfunctions/README.md).
      dataDir: config.dataDir,
    });
    closers.push(() => engine.dispose());
    const sfnPart = await superviseStepFunctions({
      ...supervision,
      port: sfnPort,
      start: (port) =>
        startStepFunctionsService({
          engine,
          // DescribeStateMachine answers with it, as AWS does (the console against a stack draws it).
          definition,
          host,
          port,
          onLog: (line) => log(`[stepfunctions] ${line}`),
          auth: {
            credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
            region: LOCAL_AWS.region,
            accountId: LOCAL_AWS.accountId,
          },
        }),
    });
    closers.push(sfnPart.close);
    const sfn = sfnPart.current();

    const opsDeps = dependenciesFromEnv();
    // Lifecycle events: the handlers put them through the PutEvents stand-in; recovery publishes directly.
    const events = createLocalEventSink({
      dataDir: config.dataDir,
      webhook: config.eventsWebhook,
      log: (line) => log(line),
      source: LOCAL_AWS.eventSource,
    });
    const api = await startApiGateway({
      host,
      port: apiPort,
      region: LOCAL_AWS.region,
      accountId: LOCAL_AWS.accountId,
      credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
      onLog: (line) => log(`[api] ${line}`),
      routes: apiRoutes({
        actionApi: actionApi.handler,
        viewPages: viewPages.handler,
        startOnboarding: startOnboarding.handler,
        repCallback: repCallback.handler,
        peopleApi: peopleApi.handler,
        sesEvents: sesEventsRoute(emailEvents.handler),
      }),
      extraHandlers: [
        putEventsRoute(events),
        landingPage({ inboxUrl: '/inbox', sesUrl: ses.url, sfnUrl: sfn.url }),
        // The CLI's --local starts read the reminder intervals from here.
        runtimeSettingsRoute(config.waits),
        healthRoute(() =>
          healthReport(
            { dynamodb: dynamodbPart.health, ses: sesPart.health, stepfunctions: sfnPart.health },
            dataDisk,
            config.dataDir,
          ),
        ),
        faultControlRoute(process.env.LOCAL_FAULT_CONTROL === '1', {
          crash: {
            dynamodb: () => dynamodbPart.current().crash(),
            ses: () => sesPart.current().crash(),
            stepfunctions: () => sfnPart.current().crash(),
          },
          disk: dataDisk,
          injectDiskFull: (injected) => dynamodbPart.current().setDisk({ injected }),
        }),
        // The console over the local runtime (a deployed stack's is `npm run console -- --stack NAME`).
        opsConsole(
          localConsoleSource({ deps: opsDeps, engine, inboxUrl: ses.url, waits: config.waits, events }),
        ),
        inboxPages({ sesUrl: ses.url, store: opsDeps.store }),
      ],
    });
    closers.push(api.close);

    const store = createDynamoDbStore({
      client: createDocumentClient(
        new DynamoDBClient({
          endpoint: dynamodb.endpoint,
          region: LOCAL_AWS.region,
          credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
        }),
      ),
      tableName: LOCAL_AWS.tableName,
    });
    const resumed = await resumeInProgressOnboardings(
      {
        store,
        starter: {
          startExecution: ({ name, input }) => engine.startExecution({ name, input: JSON.stringify(input) }),
        },
        waits: config.waits,
        clock: () => new Date(),
        logger: createLogger({ service: 'local-recovery' }, (line) => log(`[recovery] ${line}`)),
        events,
      },
      (line) => log(`[recovery] ${line}`),
      async (previous, resumedAs) => {
        const interrupted = engine.interruptedExecutions().find((execution) => execution.name === previous);
        if (interrupted) await engine.noteResumedBy(interrupted.executionArn, resumedAs);
      },
    );

    // Recovery never rests on the index alone: executions that ended lead to their onboardings too.
    const orphans = await sweepOrphansAtStart({
      store,
      sfnUrl: sfn.url,
      waits: config.waits,
      log: (line) => log(`[recovery] ${line}`),
      events,
    });

    // Step messages recorded just before a crash, never emailed: emailed now, once. Read and noted
    // directly, like the rest of the recovery: injected faults (LOCAL_FAULT_RATE) are for the
    // handlers' calls, and a start-up that died of one would leave nothing running. An email that
    // meets one is logged and left to the step's reminder or the next start, as on AWS.
    await deliverUnsentMessagesAtStart({ ...opsDeps, store }, startedAt, (line) => log(`[recovery] ${line}`));

    // After the recovery, so the guard never races it for the same onboarding.
    const schedule = scheduleCheck({
      handler: stuckCheck.handler,
      everySeconds: config.stuckCheckSeconds,
      log: (line) => log(`[stuck-check] ${line}`),
    });
    closers.push(schedule.stop);

    return {
      urls: { api: apiUrl, inbox: ses.url, sfn: sfn.url, dynamodb: dynamodb.endpoint },
      dataDir: config.dataDir,
      dynamodbHeapStatistics: () => dynamodbPart.current().heapStatistics(),
      engine,
      resumed: resumed + orphans,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
