/** Reads the local SES stand-in's store (GET /store): every email the system sent, oldest first. */
export interface InboxEmail {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string;
  at: number;
}

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

export async function readInbox(sesUrl: string): Promise<InboxEmail[]> {
  const response = await fetch(`${sesUrl}/store`);
  if (!response.ok) throw new Error(`The local inbox at ${sesUrl} answered ${response.status}`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails.map((email) => ({
    messageId: email.messageId,
    from: email.from,
    to: email.destination.to,
    cc: email.destination.cc,
    subject: email.subject,
    text: email.body.text ?? '',
    html: email.body.html ?? '',
    at: email.at,
  }));
}

const ACTION_LINK = /(https?:\/\/[^\s"'<>]+\/a\/[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/;

/** The action link in an email, if it has one. */
export function actionLinkIn(email: InboxEmail): string | undefined {
  return email.text.match(ACTION_LINK)?.[1];
}
