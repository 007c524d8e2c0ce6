/**
 * What the DynamoDB worker does when its disk is full. dynalite rethrows a LevelDB write error that
 * has no HTTP status, which ended the worker thread; here such an error gets a DynamoDB
 * InternalServerError answer instead (retried by the SDK, a TransientError for the handlers), and
 * the runtime is told, so it pauses writes and reopens the store once there is space again.
 * While the runtime knows the disk is full, writes are refused before they reach the store: those
 * answers can say that nothing was written. `inject` makes every write fail as on a full disk
 * (the resilience tests' stand-in for a small disk). Plain JavaScript: the worker thread loads it.
 */
import { createRequire } from 'node:module';

const WRITE_ACTIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);
const state = { full: false, injected: false };

export function isNoSpace(error) {
  return error?.code === 'ENOSPC' || /no space left|ENOSPC/i.test(String(error?.message ?? ''));
}

function internalError(message) {
  return {
    statusCode: 500,
    body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message },
  };
}

/** Wraps LevelDB's writes (the classic-level copy dynalite loads) so a lack of space is answered, not thrown. */
export function guardStorage(onNoSpace) {
  const dynaliteRequire = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const { ClassicLevel } = createRequire(dynaliteRequire.resolve('level'))('classic-level');
  for (const method of ['_put', '_del', '_batch']) {
    const original = ClassicLevel.prototype[method];
    ClassicLevel.prototype[method] = async function guarded(...args) {
      try {
        if (state.injected) {
          throw Object.assign(new Error('IO error: No space left on device (injected)'), { code: 'ENOSPC' });
        }
        return await original.apply(this, args);
      } catch (error) {
        if (!isNoSpace(error)) throw error;
        state.full = true;
        onNoSpace(error.message);
        throw Object.assign(
          new Error('no space left on device (ENOSPC)'),
          internalError(
            'The DynamoDB stand-in could not write to its data folder: no space left on device (ENOSPC). Part of this request may have been written.',
          ),
        );
      }
    };
  }
}

export function setDiskState(change) {
  if (change.full !== undefined) state.full = change.full;
  if (change.injected !== undefined) state.injected = change.injected;
}

/** Puts a refusal in front of dynalite's request handler: writes are refused while the disk is known full. */
export function refuseWritesWhenFull(server) {
  const [handler] = server.listeners('request');
  server.removeAllListeners('request');
  server.on('request', (request, response) => {
    const action = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    if (!state.full || !WRITE_ACTIONS.has(action)) return handler(request, response);
    const { body } = internalError(
      'The DynamoDB stand-in refused this write: its data folder has no space left (ENOSPC). Nothing was written.',
    );
    request.resume();
    response.writeHead(500, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': 'disk-full',
    });
    response.end(JSON.stringify(body));
  });
}
