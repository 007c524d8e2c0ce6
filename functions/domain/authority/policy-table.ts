import type { OnboardingStatus } from '../model.ts';
import { ACTIONS, CREDENTIALS, POLICY, PURPOSE } from './policy.ts';

const WHEN: Record<OnboardingStatus, string> = {
  'in-progress': 'running',
  completed: 'completed',
  stopped: 'stopped',
};

/** The policy as docs/security.md shows it: one row per credential, each allowed action with who and when. */
export function policyTableMarkdown(): string {
  const lines = ['| credential | valid | may | who (now) | when |', '|---|---|---|---|---|'];
  for (const credential of CREDENTIALS) {
    const rules = ACTIONS.flatMap((action) => {
      const rule = POLICY[credential][action];
      return rule ? [{ action, rule }] : [];
    });
    for (const [index, { action, rule }] of rules.entries()) {
      const who =
        rule.who.join(' or ') +
        (rule.staffStepsOnly ? ' (staff steps only)' : '') +
        (rule.teamStepsOnly ? " (a team's steps only)" : '');
      const when = rule.when.map((status) => WHEN[status]).join(', ');
      const first = index === 0;
      lines.push(
        `| ${first ? `\`${credential}\`` : ''} | ${first ? PURPOSE[credential] : ''} | ${action} | ${who} | ${when} |`,
      );
    }
  }
  return lines.join('\n');
}
