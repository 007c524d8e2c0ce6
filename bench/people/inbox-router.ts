import type { StoredEmailEvent } from '../runtime/protocol.ts';

/**
 * Delivers each stored email to the onboarding it is about. Every bench onboarding carries a tag
 * (B000123) in its company and product names, and every email subject names one or the other, so
 * routing needs no DynamoDB lookup and never reads the whole store.
 */
export class InboxRouter {
  private readonly inboxes = new Map<string, Inbox>();
  unrouted = 0;

  deliver(email: StoredEmailEvent): void {
    const tag = TAG.exec(email.subject)?.[0];
    const inbox = tag === undefined ? undefined : this.inboxes.get(tag);
    if (inbox) inbox.push(email);
    else this.unrouted += 1;
  }

  open(tag: string): Inbox {
    const inbox = new Inbox();
    this.inboxes.set(tag, inbox);
    return inbox;
  }

  close(tag: string): void {
    this.inboxes.delete(tag);
  }
}

const TAG = /\bB\d{6}\b/;

export function tagFor(index: number): string {
  return `B${String(index).padStart(6, '0')}`;
}

/** One onboarding's emails, in the order they were stored. */
export class Inbox {
  private readonly emails: StoredEmailEvent[] = [];
  private waiter: ((email: StoredEmailEvent | undefined) => void) | undefined;

  push(email: StoredEmailEvent): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter(email);
    } else this.emails.push(email);
  }

  /** The next email, or undefined after `timeoutMs` without one. */
  next(timeoutMs: number): Promise<StoredEmailEvent | undefined> {
    const queued = this.emails.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve(undefined);
      }, timeoutMs);
      this.waiter = (email) => {
        clearTimeout(timer);
        resolve(email);
      };
    });
  }
}
