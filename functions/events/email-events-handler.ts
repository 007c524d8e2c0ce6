import middy from '@middy/core';
import type { Context, SNSEvent } from 'aws-lambda';
import type { Dependencies } from '../domain/dependencies.ts';
import { recordEmailProblem } from '../domain/email-problems.ts';
import { requestIdOf, withLogContext } from '../observability/log-context.ts';

/**
 * SES bounce and complaint events, delivered by SNS (configuration set event destination). A
 * message that is not such an event is logged and skipped: throwing would only make SNS retry it.
 */
export function emailEventsHandler(deps: Dependencies) {
  const handler = middy<SNSEvent, { flagged: number; skipped: number }>().handler(async (event) => {
    // The schemas (and zod) load on the first event, not at cold start.
    const [{ snsEvent }, { sesEmailEvent }] = await Promise.all([
      import('./sns-event.ts'),
      import('../domain/ses-email-event.ts'),
    ]);
    const envelope = snsEvent.safeParse(event);
    if (!envelope.success) {
      deps.logger.warn('Not an SNS event; ignored', { problems: envelope.error.issues.length });
      return { flagged: 0, skipped: 1 };
    }
    let flagged = 0;
    let skipped = 0;
    for (const record of envelope.data.Records) {
      const parsed = sesEmailEvent.safeParse(parseJson(record.Sns.Message));
      if (!parsed.success) {
        skipped += 1;
        deps.logger.warn('SNS message is not an SES bounce or complaint event; skipped', {
          snsMessageId: record.Sns.MessageId,
          problems: parsed.error.issues
            .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
            .slice(0, 5),
        });
        continue;
      }
      flagged += (await recordEmailProblem(deps, parsed.data)).flagged;
    }
    return { flagged, skipped };
  });
  return withLogContext(
    (_event: SNSEvent, context: Context) => ({
      action: 'record-email-event',
      requestId: requestIdOf(context),
    }),
    handler,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
