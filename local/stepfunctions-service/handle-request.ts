import type { IncomingMessage, ServerResponse } from 'node:http';
import { WorkflowServiceError } from '../stepfunctions/index.ts';
import { redactText } from '../stepfunctions/redaction.ts';
import { RequestFields } from './fields.ts';
import { type OperationContext, operationFor } from './operations.ts';
import { ProtocolError } from './protocol-error.ts';
import { readBody } from './request-body.ts';
import { sendError, sendResult } from './wire.ts';

export interface RequestHandlerOptions extends OperationContext {
  /** Log lines are redacted again as a safety net; request bodies are never logged (Send* carry tokens). */
  log: (line: string) => void;
  /** Throws a ProtocolError for a request not signed as required (see authentication.ts). */
  authenticate?: (req: IncomingMessage, body: string) => Promise<void>;
}

/**
 * One API call: `POST /` with `X-Amz-Target: AWSStepFunctions.<Operation>` and a JSON body. Refusals
 * are 4xx with AWS's error names; anything else is a 500 `InternalFailure` whose details go to the log
 * only. Never rejects.
 */
export async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: RequestHandlerOptions,
): Promise<void> {
  const target = req.headers['x-amz-target'];
  const label = typeof target === 'string' ? target : 'request';
  try {
    if (req.method !== 'POST') {
      req.resume();
      sendError(
        res,
        405,
        'UnknownOperationException',
        'This is the Step Functions JSON 1.0 API: POST / with X-Amz-Target: AWSStepFunctions.<Operation>',
        { allow: 'POST' },
      );
      return;
    }
    const body = await readBody(req);
    await options.authenticate?.(req, body);
    const operation = operationFor(typeof target === 'string' ? target : undefined);
    if (!operation) {
      throw new ProtocolError('UnknownOperationException', `Unknown operation: ${label.slice(0, 100)}`);
    }
    sendResult(res, await operation.run(RequestFields.parse(body), options));
  } catch (error) {
    if (error instanceof WorkflowServiceError || error instanceof ProtocolError) {
      const type = error instanceof ProtocolError ? error.type : error.name;
      const status = error instanceof ProtocolError ? error.status : 400;
      options.log(redactText(`${label.slice(0, 100)} refused: ${type}: ${error.message}`));
      // The rest of an oversized body is not read: the connection cannot carry another request.
      sendError(res, status, type, error.message, status === 413 ? { connection: 'close' } : {});
      return;
    }
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    options.log(redactText(`${label.slice(0, 100)} failed unexpectedly: ${detail}`));
    if (!res.headersSent) sendError(res, 500, 'InternalFailure', 'The local Step Functions service failed');
    else res.destroy();
  }
}
