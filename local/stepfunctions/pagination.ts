import { WorkflowServiceError } from './service-error.ts';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

export function pageSize(maxResults: number | undefined): number {
  if (maxResults === undefined || maxResults === 0) return DEFAULT_PAGE;
  if (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > MAX_PAGE) {
    throw new WorkflowServiceError(
      'ValidationException',
      `maxResults must be an integer from 0 to ${MAX_PAGE}`,
    );
  }
  return maxResults;
}

/** Page tokens are opaque to callers; here they carry a position (an index or sequence number). */
export function encodePageToken(position: number): string {
  return Buffer.from(JSON.stringify({ position })).toString('base64url');
}

export function decodePageToken(token: string): number {
  try {
    const { position } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      position?: unknown;
    };
    if (typeof position === 'number' && Number.isInteger(position) && position >= 0) return position;
  } catch {
    // Falls through to the error below.
  }
  throw new WorkflowServiceError('InvalidToken', 'Invalid pagination token');
}
