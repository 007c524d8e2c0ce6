import type { Onboarding } from '../../functions/domain/model.ts';
import type { OnboardingStore } from '../../functions/domain/ports.ts';
import { allOnboardings } from '../../ops-console/ops-data.ts';
import { type InboxEmail, readInbox } from '../inbox-client.ts';

export interface InboxFilter {
  /** One address: emails to it or with it in copy. */
  to?: string;
  /** One onboarding: emails the audit trail names, or that mention its company. */
  onboarding?: string;
}

export interface InboxView {
  emails: InboxEmail[];
  /** Every address any email went to, for the filter. */
  recipients: string[];
  onboardings: Onboarding[];
  filter: InboxFilter;
}

/**
 * The emails the local SES stand-in kept, newest first, filtered. An email belongs to an onboarding
 * when its audit trail names the message (action emails), or when it names the company (the others).
 */
export async function inboxView(
  sesUrl: string,
  store: OnboardingStore,
  filter: InboxFilter,
): Promise<InboxView> {
  const [all, onboardings] = await Promise.all([readInbox(sesUrl), allOnboardings(store)]);
  const recipients = [...new Set(all.flatMap((email) => [...email.to, ...email.cc]))].sort();
  let emails = [...all].sort((a, b) => b.at - a.at);
  if (filter.to) {
    const address = filter.to.toLowerCase();
    emails = emails.filter((email) =>
      [...email.to, ...email.cc].some((recipient) => recipient.toLowerCase() === address),
    );
  }
  const onboarding = onboardings.find((candidate) => candidate.id === filter.onboarding);
  if (onboarding) {
    const events = await store.listEvents(onboarding.id);
    const named = new Set(
      events.flatMap((event) =>
        [...(event.detail ?? '').matchAll(/\(([^()\s]+)\)$/g)].map((match) => match[1]),
      ),
    );
    emails = emails.filter(
      (email) =>
        named.has(email.messageId) ||
        email.subject.includes(onboarding.company) ||
        email.text.includes(onboarding.company),
    );
  }
  return { emails, recipients, onboardings, filter };
}
