import type { EmailNotSentReason } from './errors.ts';
import type { DeliveryProblem } from './model.ts';

/** Why an email was not sent and what someone must do before it can be, in plain words. */
export const EMAIL_NOT_SENT_ADVICE: Record<EmailNotSentReason, { why: string; whatToDo: string }> = {
  'recipient-not-verified': {
    why: 'the SES account is in the sandbox and this address is not verified',
    whatToDo:
      'verify the address in SES (it receives a confirmation email), or request SES production access, then resend the link',
  },
  'sender-not-verified': {
    why: 'the sender address or domain is not verified in SES',
    whatToDo:
      'finish verifying the sending identity (DNS records or the confirmation email), then resend the link',
  },
  'not-authorized': {
    why: 'the function may not send as this identity (SES answered AccessDenied)',
    whatToDo: "check the SES identity and the stack's sending permissions, then resend the link",
  },
  rejected: {
    why: 'SES rejected the message',
    whatToDo: 'read the details, correct the cause, then resend the link',
  },
  'invalid-address': {
    why: 'the address is not a valid email address',
    whatToDo:
      'reach the person by another channel; a wrong address needs a new onboarding with the right one',
  },
  'sending-paused': {
    why: 'sending is paused for the SES account or its configuration set',
    whatToDo: 'find out why in the SES console (reputation), resume sending, then resend the link',
  },
  'daily-quota': {
    why: "the SES account's 24-hour sending quota is used up",
    whatToDo: 'wait for the quota to free up (or ask SES for a higher one), then resend the link',
  },
  configuration: {
    why: "the stack's SES configuration set does not exist",
    whatToDo: 'redeploy the stack so the configuration set exists, then resend the link',
  },
  'ill-formed-text': {
    why: 'the email holds ill-formed text (a lone surrogate, half of a character) that cannot be encoded',
    whatToDo:
      'correct the text it came from (company or contact name); until then reach the person by another channel',
  },
};

/** "email to X could not be sent: why. What to do: ..." — or a bounce or complaint, said as plainly. */
export function describeDeliveryProblem(problem: DeliveryProblem): string {
  if (problem.kind === 'bounce')
    return `email to ${problem.address} bounced (${problem.detail ?? 'no details'})`;
  if (problem.kind === 'complaint') return `${problem.address} marked an email as spam`;
  const advice = EMAIL_NOT_SENT_ADVICE[problem.reason ?? 'rejected'];
  return `email to ${problem.address} could not be sent: ${advice.why}. What to do: ${advice.whatToDo}.`;
}
