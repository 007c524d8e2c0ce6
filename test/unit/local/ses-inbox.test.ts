import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readInbox } from '../../../local/inbox-client.ts';
import { startLocalSes } from '../../../local/ses.ts';
import { INBOX_FILE } from '../../../local/ses-inbox-journal.ts';
import { keepInbox } from '../../../local/ses-inbox-limit.ts';
import { DataDisk } from '../../../local/supervision/disk-space.ts';

// The real SES stand-in and the real SDK client, in this process; its inbox kept in a temporary folder.
let ses: Awaited<ReturnType<typeof startLocalSes>>;
let dataDir: string;
let disk: DataDisk;
let inbox: { close: () => Promise<void> };
const logged: string[] = [];
const log = (line: string) => logged.push(line);
const file = () => join(dataDir, INBOX_FILE);
const linesOnDisk = () =>
  existsSync(file())
    ? readFileSync(file(), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { subject: string }).subject)
    : [];
const subjects = async () => (await readInbox(ses.url)).map((email) => email.subject);

const send = (subject: string) =>
  new SESClient({
    endpoint: ses.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  }).send(
    new SendEmailCommand({
      Source: 'onboarding@marketplace.example',
      Destination: { ToAddresses: ['ada@acme.example'] },
      Message: { Subject: { Data: subject }, Body: { Text: { Data: `${subject} (text)` } } },
    }),
  );

beforeAll(async () => {
  ses = await startLocalSes({ host: '127.0.0.1', port: 0 });
});
afterAll(() => ses.close());
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ses-inbox-'));
  disk = new DataDisk();
  disk.watch({ dir: dataDir, log, checkMs: 10 });
  logged.length = 0;
  inbox = keepInbox({ maxEmails: 10, log, dataDir, disk });
});
afterEach(async () => {
  await inbox.close();
  disk.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local inbox, kept in the data folder', () => {
  it('has each email on disk by the time its send is answered, and reads them back at the next start', async () => {
    await send('First');
    expect(linesOnDisk()).toEqual(['First']);
    await send('Second');
    expect(linesOnDisk()).toEqual(['First', 'Second']);

    await inbox.close();
    await fetch(`${ses.url}/clear-store`, { method: 'POST' }); // memory only: the journal is closed
    expect(await subjects()).toEqual([]);
    inbox = keepInbox({ maxEmails: 10, log, dataDir, disk });
    expect(await subjects()).toEqual(['First', 'Second']);
    expect(logged).toContain('[ses] the inbox holds 2 emails kept from before');
  });

  it('skips a line a kill cut short in mid-write (its send was never answered) and keeps the rest', async () => {
    await inbox.close();
    const whole = JSON.stringify({
      messageId: 'ses-1',
      subject: 'Whole',
      destination: { to: [] },
      body: {},
      at: 1,
    });
    writeFileSync(file(), `${whole}\n{"messageId":"ses-2","subj`);
    inbox = keepInbox({ maxEmails: 10, log, dataDir, disk });
    expect(await subjects()).toEqual(['Whole']);
    await send('Next');
    expect(await subjects()).toEqual(['Whole', 'Next']);
  });

  it('stays bounded on disk as in memory: the oldest tenth goes at once, and a start reads only the latest', async () => {
    for (let index = 1; index <= 11; index += 1) await send(`Email ${index}`);
    const kept = Array.from({ length: 9 }, (_, index) => `Email ${index + 3}`);
    expect(await subjects()).toEqual(kept);
    expect(linesOnDisk()).toEqual(kept);
    expect(logged.some((line) => line.includes('2 older ones dropped so far'))).toBe(true);

    await inbox.close();
    inbox = keepInbox({ maxEmails: 4, log, dataDir, disk });
    expect(await subjects()).toEqual(kept.slice(-4));
    expect(linesOnDisk()).toEqual(kept.slice(-4));
  });

  it('keeps file and memory equal under concurrent sends (written together, shortened in order)', async () => {
    const subjectsSent = Array.from({ length: 35 }, (_, index) => `Burst ${index}`);
    await Promise.all(subjectsSent.map((subject) => send(subject)));
    const inMemory = await subjects();
    expect(inMemory.length).toBeLessThanOrEqual(10);
    expect(linesOnDisk()).toEqual(inMemory);
    await inbox.close();
    inbox = keepInbox({ maxEmails: 10, log, dataDir, disk });
    expect(await subjects()).toEqual(inMemory);
  });

  it('answers a send the disk cannot take with SES ServiceUnavailable and keeps nothing of it; sends work again once space is back', async () => {
    await send('Before');
    disk.injected = true;
    await expect(send('While full')).rejects.toMatchObject({
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 },
    });
    expect(await subjects()).toEqual(['Before']);
    expect(linesOnDisk()).toEqual(['Before']);
    expect(disk.full).toBe(true);
    expect(logged.some((line) => line.includes('an email was not kept'))).toBe(true);

    disk.injected = false;
    await disk.waitForSpace();
    await send('After');
    expect(await subjects()).toEqual(['Before', 'After']);
    expect(linesOnDisk()).toEqual(['Before', 'After']);
  });

  it('is emptied on disk too by POST /clear-store', async () => {
    await send('Gone');
    expect((await fetch(`${ses.url}/clear-store`, { method: 'POST' })).status).toBe(200);
    expect(await subjects()).toEqual([]);
    expect(linesOnDisk()).toEqual([]);
  });
});
