import { createRequire } from 'node:module';

interface SesStore {
  saveEmail: (email: unknown) => void;
  getStoreReadonly: () => { emails: unknown[] };
}

let limit: { maxEmails: number; log: (line: string) => void; dropped: number } | undefined;

/**
 * aws-ses-v2-local keeps every email it is sent in memory for as long as the process runs, so a
 * runtime left up for thousands of onboardings would grow without end. This keeps the latest
 * `maxEmails`: once there are more, the oldest tenth is dropped at once (not one by one, which
 * would shift the whole list on every email) and a note says so. Its handlers call `saveEmail`
 * through the module's exports, which is where the limit goes (once per process: the store is the
 * module's, shared by every runtime started in it; the latest settings apply).
 */
export function limitInbox(maxEmails: number, log: (line: string) => void): void {
  const installed = limit !== undefined;
  limit = { maxEmails, log, dropped: 0 };
  if (installed) return;
  const store = createRequire(import.meta.url)('aws-ses-v2-local/dist/store.js') as SesStore;
  const save = store.saveEmail;
  store.saveEmail = (email) => {
    save(email);
    const { emails } = store.getStoreReadonly();
    if (!limit || emails.length <= limit.maxEmails) return;
    const drop = emails.length - limit.maxEmails + Math.ceil(limit.maxEmails / 10);
    emails.splice(0, drop);
    limit.dropped += drop;
    limit.log(
      `[ses] the inbox keeps the latest ${limit.maxEmails} emails (LOCAL_INBOX_MAX_EMAILS): ${limit.dropped} older ones dropped so far`,
    );
  };
}
