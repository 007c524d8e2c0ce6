import type { Server } from 'node:http';
import type { ExitCause } from './supervisor.ts';

/**
 * Watches an HTTP server a stand-in serves on: `ended` resolves with the cause (its last error, or
 * `stoppedWords`) when it closes unexpectedly; a close the runtime asked for (`closingOnPurpose`)
 * resolves nothing, so the supervisor restarts only what died.
 */
export function watchServerExit(
  server: Server,
  stoppedWords: string,
): {
  ended: Promise<ExitCause>;
  closingOnPurpose: () => void;
  /** The cause `ended` reports for a close the fault control makes happen. */
  crashingWith: (cause: string) => void;
} {
  let closing = false;
  let lastError: ExitCause | undefined;
  server.on('error', (error: NodeJS.ErrnoException) => {
    lastError = { cause: `${error.name}: ${error.message}`, code: error.code };
  });
  const ended = new Promise<ExitCause>((resolve) => {
    server.once('close', () => {
      if (!closing) resolve(lastError ?? { cause: stoppedWords });
    });
  });
  return {
    ended,
    closingOnPurpose: () => {
      closing = true;
    },
    crashingWith: (cause) => {
      lastError = { cause };
    },
  };
}
