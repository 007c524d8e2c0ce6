import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesModule from 'aws-ses-v2-local';
import { guardLocalServer } from './loopback-guard.mjs';
import { answerWhenKept } from './ses-inbox-limit.ts';
import { watchServerExit } from './supervision/server-exit.ts';
import type { StandIn } from './supervision/supervisor.ts';

type SesServer = (config: { host: string; port: number }) => Promise<Server>;
// A CommonJS module compiled from ESM: under Node's ESM loader its function sits one `default` deeper
// (vitest's loader unwraps it already).
const sesServer: SesServer =
  typeof sesModule === 'function'
    ? (sesModule as unknown as SesServer)
    : (sesModule as unknown as { default: SesServer }).default;

export interface LocalSes extends StandIn {
  url: string;
  port: number;
  /** Stops its server as a fault would (the fault control only). */
  crash(): void;
}

/**
 * SES stand-in (aws-ses-v2-local): keeps emails in memory and, with the runtime, on disk (the latest
 * LOCAL_INBOX_MAX_EMAILS, see ses-inbox-limit.ts), shows them on its inbox page and at GET /store.
 * Its template calls hang, which is why the product renders emails in code. Its store belongs to the
 * module, so a restarted server still has every email. It answers this machine only
 * (loopback-guard.mjs). `ended` settles if the server stops without `close()`.
 */
export async function startLocalSes(options: { host: string; port: number }): Promise<LocalSes> {
  const server = await sesServer({ host: options.host, port: options.port });
  // Before any request can arrive (this runs in the tick the server started listening in).
  answerWhenKept(server);
  guardLocalServer(server);
  const { port } = server.address() as AddressInfo;
  const { ended, closingOnPurpose, crashingWith } = watchServerExit(
    server,
    'the SES stand-in stopped listening',
  );
  const stopServer = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
  return {
    url: `http://${options.host}:${port}`,
    port,
    ended,
    crash: () => {
      crashingWith('SES stand-in stopped on purpose (LOCAL_FAULT_CONTROL)');
      void stopServer();
    },
    close: () => {
      closingOnPurpose();
      return server.listening ? stopServer() : Promise.resolve();
    },
  };
}
