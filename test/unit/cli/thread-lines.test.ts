import { describe, expect, it } from 'vitest';
import { threadLines } from '../../../functions/cli/thread-lines.ts';
import type { StepMessage, Wait } from '../../../functions/domain/model.ts';

const wait = (stage: Wait['stage'], waitKey: string, enteredAt: string, extra: Partial<Wait> = {}): Wait => ({
  onboardingId: 'acme-software-abcdefgh',
  waitKey,
  stage,
  role: stage === 'portal-access' ? 'rep' : 'provider',
  recipient: 'x@example.com',
  status: 'pending',
  taskToken: 'secret-token',
  enteredAt,
  deadline: enteredAt,
  timeoutSeconds: 1,
  reminders: 0,
  escalations: 0,
  ...extra,
});

const message = (waitKey: string, at: string, extra: Partial<StepMessage>): StepMessage => ({
  onboardingId: 'acme-software-abcdefgh',
  waitKey,
  submissionId: `s-${at}`,
  kind: 'question',
  side: 'marketplace',
  author: 'rep@marketplace.example',
  via: 'step-link',
  text: 'Which account?',
  at,
  ...extra,
});

describe("`show`'s questions and answers", () => {
  it('prints each step with a conversation, oldest step first and newest line last, and says what waits', () => {
    const portal = wait('portal-access', 'portal-access#-#e1', '2026-11-24T10:00:00.000Z');
    const agreement = wait('provider-agreement', 'provider-agreement#-#e1', '2026-11-25T10:00:00.000Z');
    const lines = threadLines(
      [agreement, portal],
      [
        message(portal.waitKey, '2026-11-24T11:00:00.000Z', {}),
        message(portal.waitKey, '2026-11-24T12:00:00.000Z', {
          kind: 'answer',
          side: 'provider',
          author: 'ada@acme.example',
          via: 'checklist',
          text: 'The production one.\nThanks',
        }),
        message(agreement.waitKey, '2026-11-25T11:00:00.000Z', { text: 'Who signs?' }),
      ],
    );
    expect(lines).toEqual([
      'Questions and answers:',
      '  portal-access',
      '    2026-11-24T11:00:00.000Z  question by rep@marketplace.example (marketplace, via step-link): Which account?',
      '    2026-11-24T12:00:00.000Z  answer by ada@acme.example (provider, via checklist): The production one. / Thanks',
      "  provider-agreement  — waiting on the provider's answer",
      '    2026-11-25T11:00:00.000Z  question by rep@marketplace.example (marketplace, via step-link): Who signs?',
    ]);
  });

  it('prints nothing when no step has a conversation', () => {
    expect(
      threadLines([wait('cloud-account', 'cloud-account#-#e1', '2026-11-24T10:00:00.000Z')], []),
    ).toEqual([]);
  });
});
