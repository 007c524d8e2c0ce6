/** Reads the local SES stand-in's store (GET /store): every email the system sent, oldest first. */
export interface InboxEmail {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  /** Where replies go (the Reply-To header). */
  replyTo: string[];
  subject: string;
  text: string;
  html: string;
  at: number;
}

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[] };
  replyTo?: string[];
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

export async function readInbox(sesUrl: string): Promise<InboxEmail[]> {
  const response = await fetch(`${sesUrl}/store`);
  if (!response.ok) throw new Error(`The local inbox at ${sesUrl} answered ${response.status}`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails.map(toInboxEmail);
}

function toInboxEmail(email: StoredEmail): InboxEmail {
  return {
    messageId: email.messageId,
    from: email.from,
    to: email.destination.to,
    cc: email.destination.cc,
    replyTo: email.replyTo ?? [],
    subject: email.subject,
    text: email.body.text ?? '',
    html: email.body.html ?? '',
    at: email.at,
  };
}

const ACTION_LINK = /(https?:\/\/[^\s"'<>]+\/a\/[A-Za-z0-9_-]{43,})/;

/** The action link in an email, if it has one. */
export function actionLinkIn(email: InboxEmail): string | undefined {
  return email.text.match(ACTION_LINK)?.[1];
}

/**
 * Follows the inbox without reading it all each time: asks only for emails stamped since the last
 * one seen (the store stamps whole seconds, so it overlaps by a second and drops repeats).
 */
export class InboxWatcher {
  private readonly emails: InboxEmail[] = [];
  private readonly seen = new Set<string>();
  private latest = 0;

  constructor(private readonly sesUrl: string) {}

  /** Every email so far, oldest first. */
  async poll(): Promise<readonly InboxEmail[]> {
    const response = await fetch(`${this.sesUrl}/store?since=${Math.max(0, this.latest - 1)}`);
    if (!response.ok) throw new Error(`The local inbox at ${this.sesUrl} answered ${response.status}`);
    const { emails } = (await response.json()) as { emails: StoredEmail[] };
    for (const email of emails) {
      if (this.seen.has(email.messageId)) continue;
      this.seen.add(email.messageId);
      this.latest = Math.max(this.latest, email.at);
      this.emails.push(toInboxEmail(email));
    }
    return this.emails;
  }
}
