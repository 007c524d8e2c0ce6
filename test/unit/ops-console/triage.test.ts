import { describe, expect, it } from 'vitest';
import type { AuditEvent, Wait } from '../../../functions/domain/model.ts';
import { isOverdue } from '../../../ops-console/overdue.ts';
import { reminderCounts, reminderWords } from '../../../ops-console/reminder-counts.ts';
import { applyFilter, filterOf, triageRow } from '../../../ops-console/triage.ts';
import { sampleOnboarding } from '../../support/seed.ts';

const NOW = new Date('2026-12-10T12:00:00Z');
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

function wait(overrides: Partial<Wait> = {}): Wait {
  return {
    onboardingId: 'acme-software-abcdefgh',
    waitKey: 'provider-agreement#-#e1',
    stage: 'provider-agreement',
    role: 'provider',
    recipient: 'ada@acme.example',
    status: 'pending',
    taskToken: 'not-shown',
    enteredAt: daysAgo(9),
    deadline: daysAgo(2),
    timeoutSeconds: 604_800,
    reminders: 0,
    escalations: 0,
    ...overrides,
  };
}

const event = (type: AuditEvent['type'], at: string, overrides: Partial<AuditEvent> = {}): AuditEvent => ({
  onboardingId: 'acme-software-abcdefgh',
  type,
  at,
  stage: 'provider-agreement',
  ...overrides,
});

describe('reminders and escalations of a step, counted from the audit trail', () => {
  it('two reminders then an escalation read as such, though the wait counter started again at 0', () => {
    const step = wait({ reminders: 0, escalations: 1 });
    const events = [
      event('reminder-sent', daysAgo(6)),
      event('reminder-sent', daysAgo(4)),
      event('escalated', daysAgo(2)),
    ];
    const counts = reminderCounts(step, [step], events);
    expect(counts).toEqual({ reminders: 2, escalations: 1 });
    expect(reminderWords(counts)).toBe('2 reminders, 1 escalation');
    expect(reminderWords({ reminders: 0, escalations: 0 })).toBe('None');
  });

  it("an earlier entry's reminders, another stage's and another product's are not this step's", () => {
    const first = wait({ waitKey: 'a', enteredAt: daysAgo(20), status: 'decided' });
    const again = wait({ waitKey: 'b', enteredAt: daysAgo(9) });
    const events = [
      event('reminder-sent', daysAgo(15)),
      event('reminder-sent', daysAgo(5)),
      event('reminder-sent', daysAgo(5), { stage: 'cloud-account' }),
      event('reminder-sent', daysAgo(5), { product: 'Acme Mail' }),
    ];
    expect(reminderCounts(again, [first, again], events)).toEqual({ reminders: 1, escalations: 0 });
    expect(reminderCounts(first, [first, again], events)).toEqual({ reminders: 1, escalations: 0 });
  });
});

describe('overdue', () => {
  it('is a waiting step past its deadline; a decided one never is', () => {
    expect(isOverdue(wait({ deadline: daysAgo(1) }), NOW)).toBe(true);
    expect(isOverdue(wait({ deadline: daysAgo(-1) }), NOW)).toBe(false);
    expect(isOverdue(wait({ deadline: daysAgo(1), status: 'decided' }), NOW)).toBe(false);
  });
});

describe('a triage row', () => {
  it('says who it waits on, for how many whole days, how often they were chased, and flags overdue', () => {
    const onboarding = sampleOnboarding({ stage: 'provider-agreement', updatedAt: daysAgo(9) });
    const row = triageRow(onboarding, [wait()], [event('reminder-sent', daysAgo(2))], NOW, 14);
    expect(row.waitingOn).toEqual(['Provider (ada@acme.example)']);
    expect(row.daysWaiting).toBe(9);
    expect(row.chased).toEqual({ reminders: 1, escalations: 0 });
    expect(row.overdue).toBe(true);
    expect(row.stuck).toBe(false);
  });

  it('is stuck after the stuck threshold without progress; a stopped onboarding waits on no one', () => {
    const stale = sampleOnboarding({ updatedAt: daysAgo(15) });
    expect(triageRow(stale, [wait()], [], NOW, 14).stuck).toBe(true);
    const stopped = triageRow(
      sampleOnboarding({ status: 'stopped', updatedAt: daysAgo(30) }),
      [wait()],
      [],
      NOW,
      14,
    );
    expect(stopped).toMatchObject({ waitingOn: [], daysWaiting: undefined, overdue: false, stuck: false });
  });

  it('names each party when steps wait in parallel', () => {
    const row = triageRow(
      sampleOnboarding({ stage: 'technical-integration' }),
      [
        wait({
          stage: 'technical-integration',
          role: 'platform-enablement',
          recipient: 'pe@marketplace.example',
          product: 'Acme Mail',
        }),
        wait({
          stage: 'billing-integration',
          role: 'billing',
          recipient: 'billing@marketplace.example',
          product: 'Acme Mail',
          enteredAt: daysAgo(3),
        }),
      ],
      [],
      NOW,
      14,
    );
    expect(row.waitingOn).toEqual([
      'Platform Enablement team (pe@marketplace.example)',
      'Billing team (billing@marketplace.example)',
    ]);
    expect(row.daysWaiting).toBe(9);
  });
});

describe('the list filters', () => {
  const rows = [
    triageRow(
      sampleOnboarding({ id: 'acme-software-aaaaaaaa', stage: 'provider-agreement', updatedAt: daysAgo(1) }),
      [wait()],
      [],
      NOW,
      14,
    ),
    triageRow(
      sampleOnboarding({
        id: 'zeta-ltd-bbbbbbbb',
        company: 'Zeta Ltd',
        contactEmail: 'zed@zeta.example',
        repEmail: 'other@marketplace.example',
        stage: 'cloud-account',
        updatedAt: daysAgo(20),
      }),
      [wait({ stage: 'cloud-account', deadline: daysAgo(-3) })],
      [],
      NOW,
      14,
    ),
    triageRow(
      sampleOnboarding({ id: 'gone-inc-cccccccc', company: 'Gone Inc', status: 'stopped' }),
      [],
      [],
      NOW,
      14,
    ),
  ];
  const ids = (search: string) =>
    applyFilter(rows, filterOf(new URLSearchParams(search))).map((row) => row.onboarding.id);

  it('search matches company, contact or rep; stage, rep and attention narrow it', () => {
    expect(ids('')).toHaveLength(3);
    expect(ids('q=zeta')).toEqual(['zeta-ltd-bbbbbbbb']);
    expect(ids('q=ADA%40acme')).toEqual(['acme-software-aaaaaaaa', 'gone-inc-cccccccc']);
    expect(ids('stage=provider-agreement')).toEqual(['acme-software-aaaaaaaa']);
    expect(ids('stage=stopped')).toEqual(['gone-inc-cccccccc']);
    expect(ids('rep=other%40marketplace.example')).toEqual(['zeta-ltd-bbbbbbbb']);
    expect(ids('attention=overdue')).toEqual(['acme-software-aaaaaaaa']);
    expect(ids('attention=stuck')).toEqual(['zeta-ltd-bbbbbbbb']);
    expect(ids('attention=anything-else')).toHaveLength(3);
  });
});
