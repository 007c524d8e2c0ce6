import { type SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import type { Mailer, OutgoingEmail } from '../domain/ports.ts';
import { isTransientAwsError, TransientError } from './transient-error.ts';

/** Sends rendered emails with SES (v1 SendEmail: text + HTML bodies, configuration set for events). */
export function createSesMailer(options: {
  client: SESClient;
  from: string;
  replyTo?: string;
  configurationSet?: string;
}): Mailer {
  return {
    async send(email: OutgoingEmail) {
      try {
        const result = await options.client.send(
          new SendEmailCommand({
            Source: options.from,
            ReplyToAddresses: options.replyTo ? [options.replyTo] : undefined,
            ConfigurationSetName: options.configurationSet,
            Tags: sesTags(email.tags),
            Destination: { ToAddresses: email.to, CcAddresses: email.cc },
            Message: {
              // SES rejects CR/LF in subjects; renderers already strip them, this is a last guard.
              Subject: { Data: email.subject.replace(/[\r\n]+/g, ' '), Charset: 'UTF-8' },
              Body: {
                Text: { Data: email.text, Charset: 'UTF-8' },
                Html: { Data: email.html, Charset: 'UTF-8' },
              },
            },
          }),
        );
        return { messageId: result.MessageId ?? 'unknown' };
      } catch (error) {
        if (isTransientAwsError(error))
          throw new TransientError('SES SendEmail failed transiently', { cause: error });
        throw error;
      }
    },
  };
}

/** SES accepts tag names and values of letters, digits, `_` and `-` (at most 256 characters). */
function sesTags(tags: Record<string, string> | undefined) {
  if (!tags) return undefined;
  return Object.entries(tags).map(([Name, value]) => ({
    Name,
    Value: value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256),
  }));
}
