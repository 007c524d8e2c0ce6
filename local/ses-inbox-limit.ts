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
/**
 * What the stand-in's next answer waits for: the stand-in stores an email (or clears its store) and
 * answers in one synchronous run, so the answer that follows a store is that store's. Resolves with
 * the reason the email was not kept, or undefined once the disk has it.
 */
let pending: Promise<string | undefined> | undefined;

function sesStore(): SesStore {
  return createRequire(import.meta.url)('aws-ses-v2-local/dist/store.js') as SesStore;
}

/** The latest rewrite of the file after the oldest emails were dropped (failures are only logged). */
let shortening: Promise<void> | undefined;

const currentEmails = () => sesStore().getStoreReadonly().emails;

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
}): { close: () => Promise<void> } {
  const store = sesStore();
  if (!kept) install(store);
  void kept?.journal?.close();
  const journal =
    options.dataDir === undefined ? undefined : new InboxJournal(join(options.dataDir, INBOX_FILE));
  const settings: Kept = { ...options, dropped: 0, journal, disk: options.disk };
  kept = settings;
  const emails = store.getStoreReadonly().emails;
  if (journal) {
    const onDisk = journal.read();
    const latest = onDisk.slice(Math.max(0, onDisk.length - options.maxEmails));
    emails.splice(0, emails.length, ...latest);
    if (latest.length < onDisk.length) journal.startWith(latest);
    if (latest.length > 0) options.log(`[ses] the inbox holds ${latest.length} emails kept from before`);
  }
  return {
    close: async () => {
      if (kept === settings) kept = { ...settings, journal: undefined };
      await settings.journal?.close();
    },
  };
}

function install(store: SesStore): void {
  const save = store.saveEmail;
  const keep = (email: unknown) => {
    save(email);
    bound();
  };
  store.saveEmail = (email) => {
    const journal = kept?.journal;
    if (!journal) return keep(email);
    let stored: Promise<string | undefined>;
    try {
      kept?.disk?.assertWritable('the SES stand-in inbox');
      // In the inbox once on disk: the answer to the send waits for both (answerWhenKept).
      // When keeping it dropped the oldest, the answer also waits for the file to be shortened.
      stored = journal
        .append(email, () => keep(email))
        .then(() => shortening)
        .then(() => undefined, notKept);
    } catch (error) {
      stored = Promise.resolve(notKept(error));
    }
    // A bulk send stores several before its one answer: that answer waits for them all.
    const before = pending;
    pending = before ? Promise.all([before, stored]).then(([first, next]) => first ?? next) : stored;
  };
  const clear = store.clearStore;
  store.clearStore = () => {
    clear();
    const journal = kept?.journal;
    if (journal) pending = journal.replace(currentEmails).then(() => undefined, notKept);
  };
}

function bound(): void {
  const emails = currentEmails();
  if (!kept || emails.length <= kept.maxEmails) return;
  const drop = emails.length - kept.maxEmails + Math.ceil(kept.maxEmails / 10);
  emails.splice(0, drop);
  kept.dropped += drop;
  kept.log(
    `[ses] the inbox keeps the latest ${kept.maxEmails} emails (LOCAL_INBOX_MAX_EMAILS): ${kept.dropped} older ones dropped so far`,
  );
  shortening = kept.journal?.replace(currentEmails).catch(shortenFailed);
}

/** The file then holds more than the limit; the next start reads only the latest. */
function shortenFailed(error: unknown): void {
  kept?.log(`[ses] could not shorten ${INBOX_FILE}: ${(error as Error).message}`);
}

/** Says why an email was not kept (a full disk is reported as such) and returns the reason. */
function notKept(error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  if (isNoSpace(error)) kept?.disk?.reportNoSpace('the SES stand-in', message);
  kept?.log(`[ses] an email was not kept (${message}): its send is answered 503 and nothing is in the inbox`);
  return message;
}

/**
 * The stand-in's send handlers store the email and answer 200 in one synchronous run; that answer is
 * held until the disk has the email, and replaced by SES's own retryable one when it could not be
 * kept. Goes on the stand-in's server right after it starts.
 */
export function answerWhenKept(server: Server): void {
  const listeners = server.listeners('request');
  server.removeAllListeners('request');
  server.on('request', (request, response: ServerResponse & { send?: (body: unknown) => unknown }) => {
    pending = undefined;
    // Express's own `send` (on the prototype it gives the response) answers, once the store is done.
    response.send = (body: unknown) => {
      const prototype = Object.getPrototypeOf(response) as { send: (body: unknown) => unknown };
      const waiting = pending;
      pending = undefined;
      if (!waiting) return prototype.send.call(response, body);
      void waiting.then((reason) =>
        reason === undefined ? prototype.send.call(response, body) : serviceUnavailable(response, reason),
      );
      return response;
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
