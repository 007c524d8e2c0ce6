import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { authorize } from '../../../../functions/domain/authority/authorize.ts';
import { ACTIONS, type Action, type Credential } from '../../../../functions/domain/authority/policy.ts';
import { policyTableMarkdown } from '../../../../functions/domain/authority/policy-table.ts';
import type { Onboarding, OnboardingStatus, Wait } from '../../../../functions/domain/model.ts';
import { sampleOnboarding } from '../../../support/seed.ts';
import { testConfig } from '../../../support/test-config.ts';
import {
  allowedByTheRules,
  LIFECYCLE_CHANGES,
  type LifecycleChange,
} from '../../../support/who-may-act-rules.ts';

/**
 * Every kind of link × every action × every lifecycle change, against the one decision point. The
 * expected answer of each cell is written here from the rules as people state them (issue "Who may
 * act"), not read back from the policy table, so a table that drifts from the rules fails a cell.
 */
const config = testConfig();
const CONTACT = 'ada@acme.example';
const MEMBER = 'grace@acme.example';
const REP = 'rep@marketplace.example';
const COVER = 'cover@marketplace.example';
const PLATFORM = 'platform@marketplace.example';
const OPS = 'arn:aws:iam::123456789012:user/alice';

const LIFECYCLE = LIFECYCLE_CHANGES;
type Lifecycle = LifecycleChange;

interface Link {
  name: string;
  credential: Credential;
  holder: string;
  step?: 'provider' | 'staff' | 'team';
}

/** The links people hold, as emailed before the change. */
const LINKS: readonly Link[] = [
  { name: "contact's step link", credential: 'step-link', holder: CONTACT, step: 'provider' },
  {
    name: "member's step link (opened from their checklist)",
    credential: 'step-link',
    holder: MEMBER,
    step: 'provider',
  },
  { name: "rep's step link", credential: 'step-link', holder: REP, step: 'staff' },
  { name: "contact's checklist", credential: 'checklist', holder: CONTACT },
  { name: "member's checklist", credential: 'checklist', holder: MEMBER },
  { name: 'checklist from an email with the rep in copy', credential: 'checklist-copy', holder: CONTACT },
  { name: "rep's queue", credential: 'queue', holder: REP, step: 'staff' },
  { name: "Platform Enablement team's queue", credential: 'queue', holder: PLATFORM, step: 'team' },
  { name: 'invitation to confirm (sent to the contact)', credential: 'invitation', holder: CONTACT },
  { name: 'ops (signed request)', credential: 'ops', holder: OPS },
  {
    name: 'an outsider with a forwarded checklist',
    credential: 'checklist',
    holder: 'eve@elsewhere.example',
  },
];

function world(change: Lifecycle): { onboarding: Onboarding; provider: Wait; staff: Wait; team: Wait } {
  const status: OnboardingStatus =
    change === 'stopped' ? 'stopped' : change === 'completed' ? 'completed' : 'in-progress';
  const onboarding = sampleOnboarding({
    contactEmail: change === 'contact changed' ? 'nora@acme.example' : CONTACT,
    repEmail: change === 'rep changed' ? 'newrep@marketplace.example' : REP,
    team: change === 'member removed' ? [] : [{ name: 'Grace', email: MEMBER }],
    status,
  });
  const wait = (role: Wait['role'], recipient: string): Wait => ({
    onboardingId: onboarding.id,
    waitKey: `${role}#-#e1`,
    stage:
      role === 'provider'
        ? 'provider-agreement'
        : role === 'rep'
          ? 'provider-credit'
          : 'technical-integration',
    role,
    recipient,
    status: 'pending',
    taskToken: 't',
    enteredAt: '',
    deadline: '',
    timeoutSeconds: 1,
    reminders: 0,
    escalations: 0,
  });
  const providerHolder =
    change === 'contact changed'
      ? 'nora@acme.example'
      : change === 'provider step handed to the member'
        ? MEMBER
        : CONTACT;
  const staffHolder =
    change === 'rep changed'
      ? 'newrep@marketplace.example'
      : change === 'staff step handed to a colleague'
        ? COVER
        : REP;
  return {
    onboarding,
    provider: wait('provider', providerHolder),
    staff: wait('rep', staffHolder),
    team: wait('platform-enablement', PLATFORM),
  };
}

/** The rules, in words (test/support/who-may-act-rules.ts), for this world. */
function expected(link: Link, action: Action, change: Lifecycle): boolean {
  const holder =
    link.holder === CONTACT
      ? 'contact'
      : link.holder === MEMBER
        ? 'member'
        : link.holder === REP
          ? 'rep'
          : link.holder === PLATFORM
            ? 'mailbox'
            : link.holder === OPS
              ? 'ops'
              : 'outsider';
  return allowedByTheRules({ credential: link.credential, holder, step: link.step }, action, {
    contactChanged: change === 'contact changed',
    repChanged: change === 'rep changed',
    providerStepWithMember: change === 'provider step handed to the member',
    staffStepWithColleague: change === 'staff step handed to a colleague',
    memberRemoved: change === 'member removed',
    status: change === 'stopped' ? 'stopped' : change === 'completed' ? 'completed' : 'in-progress',
  });
}

const STEP_ACTIONS: readonly Action[] = [
  'view-step',
  'go-onwards',
  'decide-step',
  'renew-link',
  'hand-over-step',
  'open-step',
  'email-step-link',
  'claim-step',
  'release-claim',
  'post-message',
];

describe('the policy matrix: every link kind × action × lifecycle change', () => {
  const cells = LINKS.flatMap((link) =>
    ACTIONS.flatMap((action) => LIFECYCLE.map((change) => ({ link, action, change }))),
  );

  it(`decides all ${cells.length} cells as the rules say`, () => {
    const wrong: string[] = [];
    for (const { link, action, change } of cells) {
      const { onboarding, provider, staff, team } = world(change);
      const wait = STEP_ACTIONS.includes(action)
        ? link.step === 'team'
          ? team
          : link.step === 'staff' ||
              (link.credential === 'ops' && action === 'decide-step') ||
              (link.credential === 'ops' && action === 'hand-over-step')
            ? staff
            : provider
        : undefined;
      const verdict = authorize(config, {
        credential: link.credential,
        holder: link.holder,
        action,
        onboarding,
        wait,
        linkRole: wait?.role,
      });
      if (verdict.allowed !== expected(link, action, change)) {
        wrong.push(
          `${link.name} · ${action} · after "${change}": ${verdict.allowed ? 'allowed' : 'refused'}`,
        );
      }
      // A refusal is always plain words with an HTTP status a page can show.
      if (!verdict.allowed) {
        expect(verdict.refusal.message).toMatch(/^[A-Z].*\.$/);
        expect([403, 409, 410]).toContain(verdict.refusal.status);
      }
    }
    console.log(
      `policy matrix: ${cells.length} cells (${LINKS.length} links × ${ACTIONS.length} actions × ${LIFECYCLE.length} lifecycle changes)`,
    );
    expect(wrong).toEqual([]);
  });

  it('a former holder is told only that the link is no longer theirs; a moved step says handed over', () => {
    const { onboarding, provider } = world('contact changed');
    const former = authorize(config, {
      credential: 'checklist',
      holder: CONTACT,
      action: 'view-checklist',
      onboarding,
    });
    expect(former).toMatchObject({ allowed: false, refusal: { reason: 'no-longer-yours', status: 410 } });
    expect(JSON.stringify(former)).not.toContain(onboarding.contactEmail);
    const handed = world('provider step handed to the member');
    expect(
      authorize(config, {
        credential: 'step-link',
        holder: CONTACT,
        action: 'decide-step',
        onboarding: handed.onboarding,
        wait: handed.provider,
        linkRole: 'provider',
      }),
    ).toMatchObject({ allowed: false, refusal: { reason: 'handed-over', status: 410 } });
    expect(provider.recipient).toBe('nora@acme.example');
  });

  it("the security guide's table is the policy table", () => {
    const guide = readFileSync(new URL('../../../../docs/security.md', import.meta.url), 'utf8');
    const between = guide.split('<!-- policy-table:start')[1]?.split('<!-- policy-table:end -->')[0] ?? '';
    expect(between.slice(between.indexOf('\n') + 1).trim()).toBe(policyTableMarkdown());
  });
});
