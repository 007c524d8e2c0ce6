import type { ExecutionHistoryPage, GetExecutionHistoryRequest } from './execution-types.ts';
import type { ExecutionHistoryEvent } from './history.ts';
import { decodePageToken, encodePageToken, pageSize } from './pagination.ts';

/** Inputs and outputs dropped when `includeExecutionData` is false. */
function withoutData(event: ExecutionHistoryEvent): ExecutionHistoryEvent {
  const copy: Record<string, unknown> = { ...event };
  for (const [key, details] of Object.entries(copy)) {
    if (key.endsWith('EventDetails') && details && typeof details === 'object') {
      const { input: _input, output: _output, ...rest } = details as Record<string, unknown>;
      copy[key] = rest;
    }
  }
  return copy as unknown as ExecutionHistoryEvent;
}

/** One page of GetExecutionHistory; the token is the index where the next page starts. */
export function historyPage(
  events: readonly ExecutionHistoryEvent[],
  request: GetExecutionHistoryRequest,
): ExecutionHistoryPage {
  const ordered = request.reverseOrder ? [...events].reverse() : [...events];
  const start = request.nextToken === undefined ? 0 : decodePageToken(request.nextToken);
  const end = start + pageSize(request.maxResults);
  const page = ordered.slice(start, end);
  return {
    events: request.includeExecutionData === false ? page.map(withoutData) : page,
    ...(end < ordered.length ? { nextToken: encodePageToken(end) } : {}),
  };
}
