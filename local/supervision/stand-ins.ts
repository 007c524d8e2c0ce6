import { type LocalDynamoDb, startLocalDynamoDb } from '../dynamodb.ts';
import { type LocalSes, startLocalSes } from '../ses.ts';
import type { StepFunctionsService } from '../stepfunctions-service/index.ts';
import { dataDisk, isNoSpace } from './disk-space.ts';
import { type Supervised, supervise } from './supervisor.ts';

interface Common {
  host: string;
  log: (line: string) => void;
  onGiveUp: (reason: string) => void;
}

/**
 * The DynamoDB worker, watched: restarted on its port and data folder when it ends. A lack of space
 * pauses writes (the worker refuses them) until the disk takes writes again; then the worker is
 * restarted, which reopens LevelDB (a store that met a failed write stays failed until reopened).
 */
export async function superviseDynamoDb(
  options: Common & { port: number; dataDir: string },
): Promise<Supervised<LocalDynamoDb>> {
  let port = options.port;
  const supervised = await supervise({
    part: 'DynamoDB',
    log: options.log,
    onGiveUp: options.onGiveUp,
    start: async () => {
      const started = await startLocalDynamoDb({
        host: options.host,
        port,
        dataDir: options.dataDir,
        disk: { full: dataDisk.full, injected: dataDisk.injected },
        onNoSpace: (message) => dataDisk.reportNoSpace('DynamoDB', message),
      });
      // A restart comes back where the handlers and tools already point.
      port = started.port;
      return started;
    },
    waitToRestart: (exit) => {
      if (!isNoSpace({ code: exit.code, message: exit.cause })) return undefined;
      dataDisk.reportNoSpace('DynamoDB', exit.cause);
      return dataDisk.waitForSpace();
    },
  });
  dataDisk.onChange((full) => {
    supervised.current().setDisk({ full, injected: dataDisk.injected });
    if (!full) void supervised.restart('space is back: reopening its store');
  });
  return supervised;
}

/** The SES stand-in, watched: restarted on its port; its store (every email) lives in the module. */
export async function superviseSes(options: Common & { port: number }): Promise<Supervised<LocalSes>> {
  let port = options.port;
  return supervise({
    part: 'the SES stand-in',
    log: options.log,
    onGiveUp: options.onGiveUp,
    start: async () => {
      const started = await startLocalSes({ host: options.host, port });
      port = started.port;
      return started;
    },
  });
}

/** The Step Functions service, watched: its server is restarted on its port; the engine lives on. */
export async function superviseStepFunctions(
  options: Omit<Common, 'host'> & { start: (port: number) => Promise<StepFunctionsService>; port: number },
): Promise<Supervised<StepFunctionsService>> {
  let port = options.port;
  return supervise({
    part: 'the Step Functions service',
    log: options.log,
    onGiveUp: options.onGiveUp,
    start: async () => {
      const started = await options.start(port);
      port = started.port;
      return started;
    },
  });
}
