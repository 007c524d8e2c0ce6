import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import type { StageKey } from '../../functions/checklist/stages.ts';
import { localClientEnvironment } from '../../local/client-environment.ts';
import { DEMO_ANSWERS } from '../../local/demo-answers.ts';
import { readInbox } from '../../local/inbox-client.ts';
import { onboardingCli } from '../../local/onboarding-cli.ts';
import { openAndSubmit } from '../../local/person.ts';
import {
  clientsFor,
  driveTo,
  linkedEmails,
  playEveryone,
  STATE_MACHINE_ARN,
  until,
} from '../support/onboarding-driver.ts';
import { driveToPosition, type ReachedPosition, slotOf } from '../support/position-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';
import { crashMatrix } from '../support/wait-positions.ts';

const MATRIX = crashMatrix();
const AT_ONCE = 7;

type Disruption =
  | 'kill -9 and restart'
  | 'graceful stop (SIGINT) and restart'
  | 'ops StopExecution, then resume';

/**
 * The exact-resume promise over every place people can be waiting: each position of the matrix is
 * reached, the runtime is disrupted, and every onboarding is finished with the links emailed before
 * the disruption. Nothing decided may be asked again, no decision may be lost, all must complete.
 */
describe.each<Disruption>([
  'kill -9 and restart',
  'graceful stop (SIGINT) and restart',
  'ops StopExecution, then resume',
])('every wait position survives: %s', (disruption) => {
  it(`${MATRIX.length} two-product onboardings, one per wait position, all complete with nothing asked twice`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-matrix-'));
    const ports = await RuntimeProcess.freePorts();
    let runtime = await RuntimeProcess.start({ dataDir, ports });
    try {
      let { store, sfn } = clientsFor(runtime);
      const reached: ReachedPosition[] = [];
      for (let batch = 0; batch < MATRIX.length; batch += AT_ONCE) {
        reached.push(
          ...(await Promise.all(
            MATRIX.slice(batch, batch + AT_ONCE).map((position, offset) =>
              driveToPosition(runtime, store, position, `Matrix ${batch + offset}`),
            ),
          )),
        );
      }
      // What people have in their mailboxes at that moment (the links they can still follow).
      const received = await linkedEmails(runtime, store);

      if (disruption === 'ops StopExecution, then resume') {
        const env = { ...process.env, ...localClientEnvironment(envOf(ports)) };
        Object.assign(process.env, env);
        for (const { onboardingId } of reached) {
          const executionArn = `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${onboardingId}`;
          await sfn.send(
            new StopExecutionCommand({ executionArn, error: 'Ops.Test', cause: 'crash matrix' }),
          );
          expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('ABORTED');
          const printed: string[] = [];
          const code = await onboardingCli(['resume', onboardingId, '--local'], env, (line) =>
            printed.push(line),
          );
          expect(code, printed.join('\n')).toBe(0);
        }
      } else {
        expect(await runtime.kill(disruption === 'kill -9 and restart' ? 'SIGKILL' : 'SIGINT')).toSatisfy(
          (code) => (disruption === 'kill -9 and restart' ? code === null : code === 0),
        );
        runtime = await RuntimeProcess.start({ dataDir, ports });
        ({ store, sfn } = clientsFor(runtime));
        expect(runtime.log).toContain(`Resumed after restart ${MATRIX.length} onboarding(s)`);
      }

      // Everyone who was asked before acts with the link they already have: it must still work.
      for (let batch = 0; batch < reached.length; batch += AT_ONCE) {
        await Promise.all(
          reached.slice(batch, batch + AT_ONCE).flatMap(({ pending, position }) =>
            pending.map(async ({ wait, link }) => {
              const answer = DEMO_ANSWERS[wait.stage as Exclude<StageKey, 'published'>];
              const result = await openAndSubmit(link, answer);
              expect(result.submitted, `${slotOf(wait)} in "${position.label}"`).toBe(200);
            }),
          ),
        );
      }
      for (let batch = 0; batch < reached.length; batch += AT_ONCE) {
        await Promise.all(
          reached
            .slice(batch, batch + AT_ONCE)
            .map(({ onboardingId }) => playEveryone(runtime, store, onboardingId, received)),
        );
      }

      const rows: string[] = [];
      for (const { onboardingId, position, waits: before, pending } of reached) {
        const label = `${position.label} (${onboardingId})`;
        expect((await store.getOnboarding(onboardingId))?.status, label).toBe('completed');
        const waits = await store.listWaits(onboardingId);
        const events = await store.listEvents(onboardingId);
        // Nothing asked twice: from this position, answering "yes" adds exactly these waits.
        expect(waits.length, `${label}: waits`).toBe(before.length + position.newWaits);
        // The waits people held were finished through the links they held, not replaced.
        for (const { wait } of pending) {
          expect(waits.find((w) => w.waitKey === wait.waitKey)?.status, `${label}: ${slotOf(wait)}`).toBe(
            'decided',
          );
        }
        expect(
          waits.filter((wait) => wait.status === 'pending'),
          label,
        ).toEqual([]);
        // Every decision on record reached the workflow and the audit trail, once.
        const decided = waits.filter((wait) => wait.status === 'decided');
        expect(
          decided.every((wait) => wait.deliveredAt),
          `${label}: delivered`,
        ).toBe(true);
        const decisions = events.filter((event) => event.type === 'decision-recorded');
        expect(decisions.length, `${label}: decisions`).toBe(decided.length);
        // And each wait was asked for once: one action request per wait, reminders aside.
        const asks = events.filter(
          (event) => event.type === 'email-sent' && event.detail?.startsWith('action-request'),
        );
        expect(asks.length, `${label}: asks`).toBe(waits.length);
        rows.push(
          `${position.label.padEnd(150)} waiting ${String(pending.length).padStart(2)}  waits ${before.length} -> ${waits.length}`,
        );
      }
      console.log(`Crash matrix, ${disruption}: ${reached.length} positions\n${rows.join('\n')}`);
    } finally {
      await runtime.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

function envOf(ports: RuntimeProcess['ports']): Record<string, string> {
  return {
    PORT: String(ports.api),
    SFN_PORT: String(ports.sfn),
    DYNAMODB_PORT: String(ports.dynamodb),
    SES_PORT: String(ports.ses),
  };
}

/**
 * A message on a step posted just before a kill -9: the one window that matters is between recording
 * it and emailing it (the poster's process dies holding the claim). One message is posted and emailed
 * over HTTP first; a second is left exactly as that window leaves it (recorded, claimed, not emailed).
 * After the restart both are shown, and the second is emailed once, the first never again.
 */
describe('a step message posted just before a kill -9', () => {
  it('is shown and emailed once after the restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-message-crash-'));
    const ports = await RuntimeProcess.freePorts();
    let runtime = await RuntimeProcess.start({ dataDir, ports });
    try {
      let { store } = clientsFor(runtime);
      const reached = await driveTo(runtime, store, 'portal-access', 'Crash Talk');
      const stepPage = await (await fetch(reached.link)).text();
      const submission = stepPage.match(/name="submission" value="([A-Za-z0-9_-]+)"/)?.[1] ?? '';
      const posted = await fetch(`${reached.link}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ submission, message: 'First question, emailed before the crash.' }),
        redirect: 'manual',
      });
      expect(posted.status).toBe(303);
      const first = await until('the first question to reach the provider', async () =>
        (await readInbox(runtime.sesUrl)).find((email) => email.text.includes('First question')),
      );
      const checklist = first.text.match(/https?:\/\/\S+\/p\/[A-Za-z0-9_-]{43}/)?.[0] ?? '';
      // The window: recorded and claimed by its poster, whose process dies before the email.
      await store.putMessage({
        onboardingId: reached.onboardingId,
        waitKey: reached.wait.waitKey,
        submissionId: 'posted-just-before-the-crash',
        kind: 'question',
        side: 'marketplace',
        author: 'rep@marketplace.example',
        via: 'step-link',
        text: 'Second question, recorded just before the crash.',
        at: new Date().toISOString(),
      });

      expect(await runtime.kill('SIGKILL')).toBeNull();
      runtime = await RuntimeProcess.start({ dataDir, ports });
      ({ store } = clientsFor(runtime));
      const second = await until('the second question to be emailed after the restart', async () =>
        (await readInbox(runtime.sesUrl)).find((email) => email.text.includes('Second question')),
      );
      expect(second.to).toEqual(['crash-talk@provider.example']);
      expect(runtime.log).toContain('emailed 1 step message(s) recorded before the restart');

      // Once each: the inbox (it keeps its mail across the restart) and the audit trail have both, once.
      const inbox = await readInbox(runtime.sesUrl);
      const questions = inbox.filter((email) => /^A question on/.test(email.subject));
      expect(questions.map((email) => /First question|Second question/.exec(email.text)?.[0]).sort()).toEqual(
        ['First question', 'Second question'],
      );
      const events = await store.listEvents(reached.onboardingId);
      expect(events.filter((event) => event.detail?.startsWith('step-question'))).toHaveLength(2);
      expect((await store.listMessages(reached.onboardingId)).every((message) => message.emailedAt)).toBe(
        true,
      );
      const page = await (await fetch(checklist)).text();
      expect(page).toContain('First question, emailed before the crash.');
      expect(page).toContain('Second question, recorded just before the crash.');
      expect((await store.getWait(reached.onboardingId, reached.wait.waitKey))?.status).toBe('pending');
    } finally {
      await runtime.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
