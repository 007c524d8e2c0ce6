import { TransientError, underlyingCause } from '../functions/adapters/transient-error.ts';

/**
 * Which stand-in a failed local page depended on, in words: the handlers' adapters name the service
 * first in a TransientError ("DynamoDB Query failed transiently…"); anything else came from `fallback`.
 */
export function failedPart(error: unknown, fallback: string): { part: string; cause?: string } | undefined {
  const cause = underlyingCause(error);
  if (error instanceof TransientError) {
    const part = /^DynamoDB/.test(error.message) ? 'DynamoDB' : /^SES/.test(error.message) ? 'SES' : fallback;
    return cause ? { part, cause } : { part };
  }
  if (cause) return { part: fallback, cause };
  return undefined;
}

/** "DynamoDB did not answer (connection refused (ECONNREFUSED))." */
export function failedPartSentence(failed: { part: string; cause?: string }): string {
  return `${failed.part} did not answer${failed.cause ? ` (${failed.cause})` : ''}. It is usually back within a minute: reload this page. /local/health shows each part; the runtime log has the details.`;
}
