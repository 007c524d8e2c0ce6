export type { Clock } from './clock.ts';
export { LocalWorkflowEngine, type LocalWorkflowEngineOptions } from './engine.ts';
export type * from './execution-types.ts';
export type { ExecutionHistoryEvent } from './history.ts';
export type { LambdaInvokeResult, LambdaLikeContext, LocalFunction } from './local-function.ts';
export { type WorkflowErrorName, WorkflowServiceError } from './service-error.ts';
