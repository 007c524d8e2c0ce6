import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSesMailer } from '../../../functions/adapters/ses-mailer.ts';
import { EmailNotSentError } from '../../../functions/domain/errors.ts';
import type { OutgoingEmail } from '../../../functions/domain/ports.ts';
import { readInbox } from '../../../local/inbox-client.ts';
import { startLocalSes } from '../../../local/ses.ts';

// The real SES stand-in `npm start` runs, in this process, and the real SDK client: no mocks here.
let ses: Awaited<ReturnType<typeof startLocalSes>>;
beforeAll(async () => {
  ses = await startLocalSes({ host: '127.0.0.1', port: 0 });
});
afterAll(() => ses.close());
beforeEach(async () => {
  await fetch(`${ses.url}/clear-store`, { method: 'POST' });
});

const newClient = () =>
  new SESClient({
    endpoint: ses.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

const email = (subject: string, to = 'ada@acme.example'): OutgoingEmail => ({
  to: [to],
  subject,
  text: `${subject} (text)`,
  html: `<p>${subject}</p>`,
  replyTo: 'rep@marketplace.example',
  tags: { onboardingId: 'acme-software-abcdefgh' },
});
const subjects = async () => (await readInbox(ses.url)).map((stored) => stored.subject);

describe('the SES mailer', () => {
  it("sends each email with its own Reply-To, from the stack's sender address", async () => {
    const mailer = createSesMailer({ createClient: newClient, from: 'onboarding@marketplace.example' });

    await mailer.send(email('To the provider'));
    await mailer.send({ ...email('To the rep'), replyTo: 'marketplace@marketplace.example' });

    expect(
      (await readInbox(ses.url)).map(({ subject, from, replyTo }) => ({ subject, from, replyTo })),
    ).toEqual([
      {
        subject: 'To the provider',
        from: 'onboarding@marketplace.example',
        replyTo: ['rep@marketplace.example'],
      },
      {
        subject: 'To the rep',
        from: 'onboarding@marketplace.example',
        replyTo: ['marketplace@marketplace.example'],
      },
    ]);
  });

  it('refuses an email with a lone surrogate, plainly and for good, and sends the next one', async () => {
    const mailer = createSesMailer({ createClient: newClient, from: 'onboarding@marketplace.example' });

    const refused = mailer.send(email('Welcome, Lone \ud800 Surrogate'));
    await expect(refused).rejects.toBeInstanceOf(EmailNotSentError);
    await expect(refused).rejects.toMatchObject({
      reason: 'ill-formed-text',
      message: expect.stringMatching(/ill-formed text in its subject \(a lone surrogate/),
    });
    await mailer.send(email('Welcome, Good Company'));

    expect(await subjects()).toEqual(['Welcome, Good Company']);
  });

  it('refuses ill-formed text in any part it sends as is: addresses, bodies', async () => {
    const mailer = createSesMailer({ createClient: newClient, from: 'onboarding@marketplace.example' });
    for (const bad of [
      email('ok', 'ad\udc00a@acme.example'),
      { ...email('ok'), html: '<p>\ud83d</p>' },
      { ...email('ok'), cc: ['rep\ud800@marketplace.example'] },
      { ...email('ok'), text: 'text \udfff' },
    ]) {
      await expect(mailer.send(bad)).rejects.toMatchObject({ reason: 'ill-formed-text' });
    }
    expect(await subjects()).toEqual([]);
  });

  it('replaces its client when a request fails before reaching SES, so the next email is unaffected', async () => {
    let built = 0;
    const mailer = createSesMailer({
      createClient: () => {
        const client = newClient();
        built += 1;
        // The first client fails while building its first request, as a serializer error would.
        if (built === 1) {
          client.middlewareStack.add(
            () => () => {
              throw new Error('failed while building the request');
            },
            { step: 'build' },
          );
        }
        return client;
      },
      from: 'onboarding@marketplace.example',
    });

    await expect(mailer.send(email('First'))).rejects.toThrow('failed while building the request');
    await mailer.send(email('Second'));

    expect(built).toBe(2);
    expect(await subjects()).toEqual(['Second']);
  });
});

describe('why the mailer checks first: the SDK (3.981) query serializer', () => {
  it('corrupts the next request on the same client after failing to encode a lone surrogate', async () => {
    // If this starts failing, the SDK fixed it; the mailer's client replacement can then go.
    const client = newClient();
    const send = (subject: string) =>
      client.send(
        new SendEmailCommand({
          Source: 'onboarding@marketplace.example',
          Destination: { ToAddresses: ['ada@acme.example'] },
          Message: { Subject: { Data: subject }, Body: { Text: { Data: 'hello' } } },
        }),
      );

    await expect(send('Lone \ud800 Surrogate')).rejects.toThrow(URIError);
    await expect(send('A good one')).rejects.toThrow(/XML parse error/);
    await expect(send('The one after')).resolves.toMatchObject({ MessageId: expect.any(String) });
  });
});
