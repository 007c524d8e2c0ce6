import type { Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { INBOX_FILE, InboxJournal } from './ses-inbox-journal.ts';
import { type DataDisk, isNoSpace } from './supervision/disk-space.ts';

interface SesStore {
  saveEmail: (email: unknown) => void;
  clearStore: () => void;
  getStoreReadonly: () => { emails: unknown[] };
}

interface Kept {
  maxEmails: number;
  log: (line: string) => void;
  dropped: number;
  journal: InboxJournal | undefined;
  disk: DataDisk | undefined;
}

let kept: Kept | undefined;
/** A send whose email could not be written to disk: the stand-in's next answer becomes a 503. */
let unkept: string | undefined;

function sesStore(): SesStore {
  return createRequire(import.meta.url)('aws-ses-v2-local/dist/store.js') as SesStore;
}

/**
 * The SES stand-in's inbox (aws-ses-v2-local keeps it in the module's memory), made to last and to
 * stay bounded:
 * - with a data folder, every email is written to `<data folder>/ses-inbox.ndjson` (fsynced) before
 *   the send is answered, and the file is read back here, so a restart or a kill -9 loses none;
 * - only the latest `maxEmails` are kept: once there are more, the oldest tenth is dropped at once
 *   (not one by one, which would shift the whole list, and rewrite the file, on every email) and a
 *   note says so;
 * - an email the disk does not take (no space, real or injected) is not kept, and the send is
 *   answered 503 ServiceUnavailable, which the SDK retries: the inbox never shows an email it would
 *   lose, and the product learns the send failed.
 * Its handlers call `saveEmail` and `clearStore` through the module's exports, which is where this
 * goes (once per process: the store is the module's; the latest settings apply).
 */
export function keepInbox(options: {
  maxEmails: number;
  log: (line: string) => void;
  dataDir?: string;
  disk?: DataDisk;
}): { close: () => void } {
  const store = sesStore();
  if (!kept) install(store);
  kept?.journal?.close();
  const journal =
    options.dataDir === undefined ? undefined : new InboxJournal(join(options.dataDir, INBOX_FILE));
  const settings: Kept = { ...options, dropped: 0, journal, disk: options.disk };
  kept = settings;
  const emails = store.getStoreReadonly().emails;
  if (journal) {
    const onDisk = journal.read();
    const latest = onDisk.slice(Math.max(0, onDisk.length - options.maxEmails));
    emails.splice(0, emails.length, ...latest);
    if (latest.length < onDisk.length) journal.replace(latest);
    if (latest.length > 0) options.log(`[ses] the inbox holds ${latest.length} emails kept from before`);
  }
  return {
    close: () => {
      settings.journal?.close();
      if (kept === settings) kept = { ...settings, journal: undefined };
    },
  };
}

function install(store: SesStore): void {
  const save = store.saveEmail;
  store.saveEmail = (email) => {
    const journal = kept?.journal;
    if (journal) {
      try {
        kept?.disk?.assertWritable('the SES stand-in inbox');
        journal.append(email);
      } catch (error) {
        noteUnkept(error);
        return;
      }
    }
    save(email);
    bound(store.getStoreReadonly().emails);
  };
  const clear = store.clearStore;
  store.clearStore = () => {
    clear();
    kept?.journal?.replace([]);
  };
}

function bound(emails: unknown[]): void {
  if (!kept || emails.length <= kept.maxEmails) return;
  const drop = emails.length - kept.maxEmails + Math.ceil(kept.maxEmails / 10);
  emails.splice(0, drop);
  kept.dropped += drop;
  kept.log(
    `[ses] the inbox keeps the latest ${kept.maxEmails} emails (LOCAL_INBOX_MAX_EMAILS): ${kept.dropped} older ones dropped so far`,
  );
  try {
    kept.journal?.replace(emails);
  } catch (error) {
    // The file then holds more than the limit; the next start reads only the latest.
    kept.log(`[ses] could not shorten ${INBOX_FILE}: ${(error as Error).message}`);
  }
}

function noteUnkept(error: unknown): void {
  const message = (error as Error).message ?? String(error);
  unkept = message;
  if (isNoSpace(error)) kept?.disk?.reportNoSpace('the SES stand-in', message);
  kept?.log(`[ses] an email was not kept (${message}): its send is answered 503 and nothing is in the inbox`);
}

/**
 * The stand-in's send handlers store the email and answer 200 in one synchronous run; when the
 * store refused the email (see `noteUnkept`), that answer is replaced by SES's own retryable one.
 * Goes on the stand-in's server right after it starts.
 */
export function answerUnkeptSends(server: Server): void {
  const listeners = server.listeners('request');
  server.removeAllListeners('request');
  server.on('request', (request, response: ServerResponse & { send?: (body: unknown) => unknown }) => {
    // Express's own `send` (on the prototype it gives the response) answers unless an email was refused.
    response.send = (body: unknown) => {
      if (unkept === undefined) {
        const prototype = Object.getPrototypeOf(response) as { send: (body: unknown) => unknown };
        return prototype.send.call(response, body);
      }
      const reason = unkept;
      unkept = undefined;
      return serviceUnavailable(response, reason);
    };
    for (const listener of listeners) listener.call(server, request, response);
  });
}

/** SES's own retryable answer (query protocol, XML). */
function serviceUnavailable(response: ServerResponse, reason: string): ServerResponse {
  const requestId = crypto.randomUUID();
  const message = `The local inbox could not keep this email (${reason}); nothing was sent. Try again once the data folder has space.`;
  response.writeHead(503, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
  return response.end(
    '<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Receiver</Type>' +
      `<Code>ServiceUnavailable</Code><Message>${message.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)}</Message></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`,
  );
}
