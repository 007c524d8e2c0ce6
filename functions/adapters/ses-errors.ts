import { EmailNotSentError, type EmailNotSentReason } from '../domain/errors.ts';
import { isTransientAwsError, TransientError } from './transient-error.ts';

interface SesErrorShape {
  name?: unknown;
  message?: unknown;
}

/**
 * Maps what SES SendEmail threw to the domain's errors: throttling, 5xx and network trouble become
 * `TransientError` (retried); SES's permanent refusals become `EmailNotSentError` with the reason in
 * plain words; anything else (a bug) is returned unchanged.
 */
export function classifySesError(error: unknown, sender: string): unknown {
  const { name, message } = (typeof error === 'object' && error !== null ? error : {}) as SesErrorShape;
  const text = typeof message === 'string' ? message : '';
  const notSent = (reason: EmailNotSentReason) =>
    new EmailNotSentError(`SES did not send the email: ${text || String(name)}`, reason, { cause: error });

  // SES names a used-up daily quota "Throttling" too, but retrying within minutes cannot help.
  if (name === 'Throttling' && /daily message quota/i.test(text)) return notSent('daily-quota');
  if (isTransientAwsError(error)) {
    return new TransientError(`SES SendEmail failed transiently (${String(name ?? 'error')})`, {
      cause: error,
    });
  }
  switch (name) {
    case 'MessageRejected':
      if (/not verified/i.test(text)) {
        return notSent(
          failedIdentities(text).includes(sender.toLowerCase())
            ? 'sender-not-verified'
            : 'recipient-not-verified',
        );
      }
      return notSent('rejected');
    case 'MailFromDomainNotVerifiedException':
    case 'MailFromDomainNotVerified':
      return notSent('sender-not-verified');
    case 'AccessDenied':
    case 'AccessDeniedException':
      return notSent('not-authorized');
    case 'AccountSendingPausedException':
    case 'ConfigurationSetSendingPausedException':
      return notSent('sending-paused');
    case 'ConfigurationSetDoesNotExistException':
      return notSent('configuration');
    case 'InvalidParameterValue':
      // SES's words for a malformed address: "Illegal address", "Missing final '@domain'", ...
      return /address|@domain|domain/i.test(text) ? notSent('invalid-address') : error;
    default:
      return error;
  }
}

/** "... failed the check in region US-EAST-1: a@example.com, b@example.com" -> the addresses. */
function failedIdentities(message: string): string[] {
  const list = message.slice(message.lastIndexOf(':') + 1);
  return list
    .split(',')
    .map((identity) => identity.trim().toLowerCase())
    .filter(Boolean);
}
