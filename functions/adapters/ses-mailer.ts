import type { SESClient, SendEmailCommandInput } from '@aws-sdk/client-ses';
import { EmailNotSentError } from '../domain/errors.ts';
import type { Mailer, OutgoingEmail } from '../domain/ports.ts';
import { classifySesError } from './ses-errors.ts';
import { TransientError } from './transient-error.ts';

export interface SesMailerOptions {
  /** Builds the SES client; called again to replace a client whose request failed before it was sent. */
  createClient?: () => SESClient | Promise<SESClient>;
  /** A fixed client (tests); not replaced after a failure. Prefer `createClient`. */
  client?: SESClient;
  from: string;
  configurationSet?: string;
}

/**
 * The SES SDK is loaded on the first send, not at module load: functions that email only on a rare
 * path (a page's "email me the link") do not pay for loading it at every cold start.
 */
const sesSdk = () => import('@aws-sdk/client-ses');

/**
 * Sends rendered emails with SES (v1 SendEmail: text + HTML bodies, configuration set for events).
 * One email's failure never affects the next: ill-formed text is refused before the SDK sees it, and
 * a client whose request failed before reaching SES is replaced (see `failedBeforeSending`).
 */
export function createSesMailer(options: SesMailerOptions): Mailer {
  const createClient = async () =>
    options.createClient ? options.createClient() : (options.client ?? new (await sesSdk()).SESClient({}));
  let client: Promise<SESClient> | undefined;
  return {
    async send(email: OutgoingEmail) {
      const input = sendEmailInput(options, email);
      refuseIllFormedText(input);
      const { SendEmailCommand } = await sesSdk();
      client ??= createClient();
      try {
        const result = await (await client).send(new SendEmailCommand(input));
        return { messageId: result.MessageId ?? 'unknown' };
      } catch (error) {
        if (options.createClient && failedBeforeSending(error)) client = undefined;
        throw classifySesError(error, options.from);
      }
    },
  };
}

function sendEmailInput(options: SesMailerOptions, email: OutgoingEmail): SendEmailCommandInput {
  return {
    Source: options.from,
    ReplyToAddresses: [email.replyTo],
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
  };
}

/**
 * A lone surrogate cannot be encoded (UTF-8, or the query string SES v1 takes): refuse the email with
 * a reason people can act on. Checked before the SDK serializes the request, because the SDK's query
 * serializer (@aws-sdk/core 3.981) keeps the half-written body of a request it failed to encode and
 * prepends it to the client's next request, which SES then refuses.
 */
function refuseIllFormedText(input: SendEmailCommandInput): void {
  const parts: [string, unknown][] = [
    ['subject', input.Message?.Subject?.Data],
    ['text', input.Message?.Body?.Text?.Data],
    ['HTML', input.Message?.Body?.Html?.Data],
    ['recipient addresses', [input.Destination?.ToAddresses, input.Destination?.CcAddresses]],
    ['sender or reply-to address', [input.Source, input.ReplyToAddresses]],
    ['tags', input.Tags],
  ];
  const part = parts.find(([, value]) => !wellFormed(value))?.[0];
  if (part) {
    throw new EmailNotSentError(
      `The email was not sent: ill-formed text in its ${part} (a lone surrogate, half of a character) cannot be encoded.`,
      'ill-formed-text',
    );
  }
}

/** Every string in a value is well-formed UTF-16 (no lone surrogate). */
function wellFormed(value: unknown): boolean {
  if (typeof value === 'string') return value.isWellFormed();
  if (typeof value !== 'object' || value === null) return true;
  return Object.values(value).every(wellFormed);
}

/**
 * An error raised on this side (serializing, signing) rather than an answer from SES or the network:
 * the client may hold state from the half-built request, so it is not used again.
 */
function failedBeforeSending(error: unknown): boolean {
  if (error instanceof TransientError || typeof error !== 'object' || error === null) return false;
  const shape = error as { $metadata?: { httpStatusCode?: unknown }; code?: unknown; cause?: unknown };
  const answered = typeof shape.$metadata?.httpStatusCode === 'number';
  const network =
    typeof shape.code === 'string' || typeof (shape.cause as { code?: unknown })?.code === 'string';
  return !answered && !network;
}

/** SES accepts tag names and values of letters, digits, `_` and `-` (at most 256 characters). */
function sesTags(tags: Record<string, string> | undefined) {
  if (!tags) return undefined;
  return Object.entries(tags).map(([Name, value]) => ({
    Name,
    Value: value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256),
  }));
}
