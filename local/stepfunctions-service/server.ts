import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardLocalServer } from '../loopback-guard.mjs';
import type { LocalWorkflowEngine } from '../stepfunctions/index.ts';
import { watchServerExit } from '../supervision/server-exit.ts';
import type { ExitCause } from '../supervision/supervisor.ts';
import { type ServiceCredentials, sigV4Authentication } from './authentication.ts';
import { handleRequest } from './handle-request.ts';
import { describeStateMachine } from './state-machine.ts';

export interface StepFunctionsServiceOptions {
  engine: LocalWorkflowEngine;
  /** 0 picks a free port (tests). */
  port: number;
  /** Loopback by default. */
  host?: string;
  /** When given, every call must be SigV4-signed with these credentials, as AWS requires. */
  auth?: ServiceCredentials;
  /**
   * The ASL text the engine was built from (with or without `${Name}` placeholders), which
   * DescribeStateMachine returns resolved as the engine resolved it; the engine does not expose it.
   */
  definition?: string;
  /** One line per refused or failed call; never a request body or a task token. */
  onLog?: (line: string) => void;
}

export interface StepFunctionsService {
  /** The endpoint to give SDK clients (`endpoint`) and the AWS CLI (`--endpoint-url`). */
  url: string;
  port: number;
  /** Stops listening and drops open connections; the engine is left running (its owner disposes it). */
  close(): Promise<void>;
  /** Settles if the server stops listening without `close()` (the engine and its executions live on). */
  ended: Promise<ExitCause>;
  /** Stops listening as a fault would (the fault control only). */
  crash(): void;
}

/**
 * The engine behind the Step Functions JSON 1.0 protocol, so unchanged SDK clients and the AWS CLI
 * work against it. With `auth` (the runtime always passes it), calls are SigV4-checked as on AWS;
 * without it (protocol tests) any credentials work.
 */
export async function startStepFunctionsService(
  options: StepFunctionsServiceOptions,
): Promise<StepFunctionsService> {
  const host = options.host ?? '127.0.0.1';
  const log = (line: string) => {
    try {
      options.onLog?.(line);
    } catch {
      // A failing log sink must not turn an answered call into a failed one.
    }
  };
  const context = {
    engine: options.engine,
    stateMachine: describeStateMachine(options.engine, options.definition, new Date()),
    log,
    authenticate: options.auth && sigV4Authentication(options.auth),
  };
  const server = guardLocalServer(
    createServer((req, res) => {
      void handleRequest(req, res, context);
    }),
  );
  await listen(server, options.port, host);
  const { port } = server.address() as AddressInfo;
  const { ended, closingOnPurpose, crashingWith } = watchServerExit(
    server,
    'the Step Functions service stopped listening',
  );
  const stop = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // SDK clients keep connections alive; without this, close() would wait for them to time out.
      server.closeAllConnections();
    });
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    ended,
    crash: () => {
      crashingWith('Step Functions service stopped on purpose (LOCAL_FAULT_CONTROL)');
      void stop().catch(() => {});
    },
    close: () => {
      closingOnPurpose();
      return server.listening ? stop() : Promise.resolve();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${port} (Step Functions) is already in use on ${host}. Stop whatever uses it, or choose another port: SFN_PORT=<port> npm start`
            : `Cannot listen on ${host}:${port} for Step Functions: ${error.message}`,
        ),
      );
    });
    server.listen(port, host, () => resolve());
  });
}
