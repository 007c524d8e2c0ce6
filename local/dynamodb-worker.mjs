/**
 * dynalite in a worker thread of its own (started by dynamodb.ts). DynamoDB's side of every call —
 * HTTP parsing, validation, LevelDB — then runs beside the handlers, the Step Functions engine and
 * the API instead of taking turns with them on the one main thread. Plain JavaScript: a worker
 * thread gets no TypeScript loader.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { closeDynaliteIterators } from './dynalite-iterators.mjs';
import { guardStorage, refuseWritesWhenFull, setDiskState } from './dynamodb-storage-guard.mjs';
import { guardLocalServer } from './loopback-guard.mjs';

closeDynaliteIterators();
guardStorage((message) => parentPort.postMessage({ type: 'no-space', message }));
const dynalite = createRequire(import.meta.url)('dynalite');
const { path, host, port, disk } = workerData;
setDiskState(disk ?? {});
const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
refuseWritesWhenFull(server);
// Outermost: a foreign Host or another site's POST reaches neither dynalite nor the disk check.
guardLocalServer(server);

server.once('error', (error) => {
  parentPort.postMessage({ type: 'error', message: error.message, code: error.code });
});
server.listen(port, host, () => {
  parentPort.postMessage({ type: 'listening', port: server.address().port });
});
parentPort.on('message', (message) => {
  if (message?.type === 'disk') setDiskState(message);
  if (message?.type === 'crash') {
    // The fault control's way to end this thread as a real fault would: an uncaught error.
    setImmediate(() => {
      throw new Error('DynamoDB worker stopped on purpose (LOCAL_FAULT_CONTROL)');
    });
  }
  if (message?.type !== 'close') return;
  server.closeAllConnections?.();
  // dynalite closes its LevelDB store when its server closes.
  server.close(() => parentPort.postMessage({ type: 'closed' }));
});
