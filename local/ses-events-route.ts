import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
  SNSEvent,
} from 'aws-lambda';
import { type Refusal, sesEventCallerProblem, sesEventSizeProblem } from './ses-events-guard.ts';

type EmailEventsHandler = (
  event: SNSEvent,
  context: Context,
) => Promise<{ flagged: number; skipped: number }>;

/**
 * `POST /local/ses-events`: where a bounce or complaint can be delivered locally, in the shape SNS
 * posts to an HTTP subscriber (`{"Type":"Notification","Message":"<SES event JSON>"}`) or as the bare
 * SES event. It is handed to the same email-events handler SNS invokes on AWS. Only callers on this
 * machine, within size and nesting limits, get that far (see `ses-events-guard.ts`).
 */
export function sesEventsRoute(handler: EmailEventsHandler) {
  return async (
    event: APIGatewayProxyEventV2,
    context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const callerProblem = sesEventCallerProblem(event);
    if (callerProblem) return refuse(callerProblem);
    const text = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : (event.body ?? '');
    const sizeProblem = sesEventSizeProblem(text);
    if (sizeProblem) return refuse(sizeProblem);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return json(400, { message: 'Send the SNS notification (or the SES event) as JSON.' });
    }
    const message =
      typeof body === 'object' && body !== null && 'Message' in body && typeof body.Message === 'string'
        ? body.Message
        : JSON.stringify(body);
    // The SNS envelope carries the SES event as JSON text: the same limits apply to it.
    const messageProblem = sesEventSizeProblem(message);
    if (messageProblem) return refuse(messageProblem);
    const result = await handler(
      { Records: [{ Sns: { Message: message } }] } as unknown as SNSEvent,
      context,
    );
    return json(
      result.skipped > 0 ? 400 : 202,
      result.skipped > 0 ? { message: 'Not an SES bounce or complaint event.', ...result } : result,
    );
  };
}

function refuse(refusal: Refusal): APIGatewayProxyStructuredResultV2 {
  return json(refusal.statusCode, { message: refusal.message });
}

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
