import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPack } from '../../functions/domain/audit-pack.ts';
import { signedFetch } from '../../functions/runtime/signed-fetch.ts';
import { LOCAL_AWS } from '../../local/config.ts';
import { DEMO_ANSWERS } from '../../local/demo-answers.ts';
import { type InboxEmail, readInbox } from '../../local/inbox-client.ts';
import { openAndSubmit } from '../../local/person.ts';
import { actionEmail, clientsFor, startOnboardingOverHttp, until } from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';

const CHECKLIST_LINK = /https?:\/\/\S+\/p\/[A-Za-z0-9_-]{43}(?=#conversation-[0-9a-f]{16})/;
const ACTION_LINK = /https?:\/\/\S+\/a\/[A-Za-z0-9_-]{43,}(?=#conversation)/;
const QUEUE_LINK = /https?:\/\/\S+\/r\/[A-Za-z0-9_-]{43}/;
const QUESTION = 'Is ada-prod the account you sell from, or a test one?';
const ANSWER = 'It is the one we sell from.\nThe test account is ada-test.';

/** The page's own form fields (hidden inputs) for the conversation form posting to `action`. */
function conversationForm(page: string, action: string): Record<string, string> {
  const form = page.split(`action="${action}"`)[1]?.split('</form>')[0];
  if (!form) throw new Error(`no conversation form posting to ${action}`);
  return Object.fromEntries(
    [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((match) => [
      match[1] ?? '',
      decode(match[2] ?? ''),
    ]),
  );
}

function decode(text: string): string {
  return text
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** The thread's lines as a page shows them (kind, who, text), newest last. */
function threadOf(page: string, anchor?: string): string[] {
  const section = anchor ? page.split(`id="${anchor}"`)[1]?.split('</section>')[0] : page;
  return [...(section ?? '').matchAll(/<li class="thread-entry">([\s\S]*?)<\/li>/g)].map((match) =>
    decode(
      (match[1] ?? '')
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );
}

const postForm = (url: string, body: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
    redirect: 'manual',
  });

describe('questions and answers on a step, on npm start', () => {
  let runtime: RuntimeProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onboarding-conversation-'));
    runtime = await RuntimeProcess.start({ dataDir, ports: await RuntimeProcess.freePorts() });
  });
  afterAll(async () => {
    await runtime?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const emailTo = (address: string, subject: RegExp, after = 0) =>
    until(`an email to ${address}: ${subject}`, async () =>
      (await readInbox(runtime.sesUrl))
        .slice(after)
        .find((email) => email.to.includes(address) && subject.test(email.subject)),
    );
  const linkIn = (email: InboxEmail, pattern: RegExp) => {
    const link = email.text.match(pattern)?.[0];
    if (!link) throw new Error(`no link in "${email.subject}"`);
    return link;
  };

  it('the rep asks, the provider answers from the email link, then the step is approved: the thread is on every page and in the audit pack, and nothing moved until the decision', async () => {
    const { store } = clientsFor(runtime);
    const contact = 'ada@talk-ltd.example';
    const rep = 'rep@marketplace.example';
    const { onboardingId } = await startOnboardingOverHttp(runtime, 'Talk Ltd', contact);
    const cloud = await actionEmail(runtime, store, onboardingId, 'cloud-account');
    expect((await openAndSubmit(cloud.link, DEMO_ANSWERS['cloud-account'])).submitted).toBe(200);
    const portal = await actionEmail(runtime, store, onboardingId, 'portal-access');
    const stepPath = new URL(portal.link).pathname;
    const queueLink = linkIn(portal.email, QUEUE_LINK);
    const waiting = await store.getCurrentWait(onboardingId, 'portal-access');
    expect(waiting?.status).toBe('pending');

    // The rep asks from the step's page; a double click (the same form twice) is one message.
    const stepPage = await (await fetch(portal.link)).text();
    const askForm = conversationForm(stepPage, `${stepPath}/messages`);
    const asked = await Promise.all(
      [1, 2].map(() => postForm(`${portal.link}/messages`, { ...askForm, message: QUESTION })),
    );
    expect(asked.map((response) => response.status)).toEqual([303, 303]);
    expect(asked[0]?.headers.get('location')).toBe(`${stepPath}#conversation`);

    // The provider is emailed once, with a link to their checklist at the conversation; no task token.
    const question = await emailTo(contact, /^A question on “Provider Portal access”/);
    expect(question.text).toContain(QUESTION);
    const checklist = linkIn(question, CHECKLIST_LINK);
    const anchor = question.text.match(/#(conversation-[0-9a-f]{16})/)?.[1] ?? '';
    expect(question.text).not.toContain(waiting?.taskToken ?? 'no token');
    const checklistPage = await (await fetch(checklist)).text();
    expect(checklistPage).toContain('<strong>A question waits on your answer.</strong>');
    expect(decode(checklistPage)).toContain("<strong>Waiting on the provider's answer</strong>");
    expect(threadOf(checklistPage, anchor)).toEqual([
      expect.stringMatching(/^Question · rep@marketplace\.example · .* · from the step's link .*ada-prod/),
    ]);

    // The provider answers from that link; the rep gets a fresh link to the step itself.
    const checklistPath = new URL(checklist).pathname;
    const answerForm = conversationForm(
      checklistPage.split(`id="${anchor}"`)[1] ?? '',
      `${checklistPath}/messages`,
    );
    const answered = await postForm(`${checklist}/messages`, { ...answerForm, message: ANSWER });
    expect(answered.status).toBe(303);
    expect(answered.headers.get('location')).toBe(`${checklistPath}#${anchor}`);
    const answer = await emailTo(rep, /^An answer on “Provider Portal access”/);
    const repStep = linkIn(answer, ACTION_LINK);

    // Nothing changed state: the step still waits on the rep, the onboarding is where it was.
    expect((await store.getWait(onboardingId, waiting?.waitKey ?? ''))?.status).toBe('pending');
    expect((await store.getOnboarding(onboardingId))?.stage).toBe('portal-access');
    expect((await store.listMessages(onboardingId)).map((message) => message.kind)).toEqual([
      'question',
      'answer',
    ]);
    expect(
      (await readInbox(runtime.sesUrl)).filter((email) => /^A question on/.test(email.subject)),
    ).toHaveLength(1);

    const expected = [
      expect.stringMatching(/^Question · rep@marketplace\.example · .* · from the step's link /),
      expect.stringMatching(
        /^Answer · ada@talk-ltd\.example · .* · from the checklist It is the one we sell from\./,
      ),
    ];
    // The step's page (from the answer's link), the checklist, the queue at the conversation, the ops console.
    expect(threadOf(await (await fetch(repStep)).text(), 'conversation')).toEqual(expected);
    expect(threadOf(await (await fetch(checklist)).text(), anchor)).toEqual(expected);
    const queueAt = `${queueLink}?${new URLSearchParams({ onboarding: onboardingId, step: waiting?.waitKey ?? '' })}`;
    expect(threadOf(await (await fetch(queueAt)).text(), anchor)).toEqual(expected);
    expect(
      threadOf(await (await fetch(`${runtime.apiUrl}/ops/onboardings/${onboardingId}`)).text(), anchor),
    ).toEqual(expected);

    // The audit pack: who, when, from which link, in JSON and on its page.
    const response = await signedFetch(
      { method: 'GET', url: `${runtime.apiUrl}/onboardings/${onboardingId}/audit` },
      LOCAL_AWS,
      LOCAL_AWS.region,
    );
    const pack = (await response.json()) as AuditPack;
    expect(pack.conversations).toEqual([
      {
        stage: 'portal-access',
        stageTitle: 'Provider Portal access',
        entries: [
          expect.objectContaining({ kind: 'question', author: rep, via: 'step-link', text: QUESTION }),
          expect.objectContaining({ kind: 'answer', author: contact, via: 'checklist', text: ANSWER }),
        ],
      },
    ]);
    const auditPage = await (await fetch(`${runtime.apiUrl}/ops/onboardings/${onboardingId}/audit`)).text();
    expect(auditPage).toContain('<h2>Questions and answers</h2>');
    expect(decode(auditPage)).toContain(
      `<td>${rep} (marketplace)</td><td>step-link</td><td>${QUESTION}</td>`,
    );

    // Then the rep decides: only now does the onboarding move on.
    expect((await openAndSubmit(repStep, DEMO_ANSWERS['portal-access'])).submitted).toBe(200);
    await actionEmail(runtime, store, onboardingId, 'provider-agreement');
    expect((await store.getWait(onboardingId, waiting?.waitKey ?? ''))?.status).toBe('decided');
  });
});
