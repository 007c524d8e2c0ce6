/**
 * A request the service refuses before it reaches the engine: protocol-level problems (unknown
 * operation, unreadable body, a field of the wrong type or missing). `type` becomes the `__type`
 * of the error response, as for the engine's own `WorkflowServiceError`s.
 */
export class ProtocolError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}
