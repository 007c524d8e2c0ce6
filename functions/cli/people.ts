import { randomBytes } from 'node:crypto';
import { SFNClient } from '@aws-sdk/client-sfn';
import { createSfnStopper } from '../adapters/sfn-workflow.ts';
import { buildAuditPack } from '../domain/audit-pack.ts';
import { assertAllowed } from '../domain/authority/refused-error.ts';
import { postMessageAsOps } from '../domain/conversation/ops-message.ts';
import type { Dependencies, StarterDependencies } from '../domain/dependencies.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { addProduct } from '../domain/people/add-product.ts';
import { changeContact } from '../domain/people/change-contact.ts';
import { handOverQueue } from '../domain/people/hand-over-queue.ts';
import { handOverStep } from '../domain/people/hand-over-step.ts';
import { pendingStep } from '../domain/people/pending-step.ts';
import { removeMember } from '../domain/people/remove-member.ts';
import { createLogger } from '../observability/logger.ts';
import { renderAuditPackPage } from '../pages/audit-pack-page.ts';
import { dependenciesFromEnv } from '../runtime/dependencies-from-env.ts';
import { peopleMessages } from './people-messages.ts';

export const PEOPLE_USAGE = `  npm run onboarding -- hand-over ONBOARDING_ID --stage STAGE [--product NAME] [--after STAGE] --to EMAIL [--note TEXT]
  npm run onboarding -- hand-over --from EMAIL --to EMAIL [--note TEXT]   (every step waiting on EMAIL: out of office)
  npm run onboarding -- change-contact ONBOARDING_ID --email EMAIL [--name NAME] [--reason TEXT]
  npm run onboarding -- change-rep ONBOARDING_ID --email EMAIL [--reason TEXT]
  npm run onboarding -- add-product ONBOARDING_ID --product NAME   (also after the onboarding completed)
  npm run onboarding -- remove-member ONBOARDING_ID --email EMAIL [--reason TEXT]   (their links stop working)
  npm run onboarding -- audit ONBOARDING_ID [--format json|html]   (everything an auditor asks, to stdout)
  npm run onboarding -- ask ONBOARDING_ID --stage STAGE [--product NAME] [--after STAGE] --message TEXT
  npm run onboarding -- answer ONBOARDING_ID --stage STAGE [--product NAME] [--after STAGE] --message TEXT
                                   (a question or an answer on a waiting step, as the marketplace; the step does not change)`;

export const PEOPLE_COMMANDS = [
  'hand-over',
  'change-contact',
  'change-rep',
  'add-product',
  'remove-member',
  'audit',
  'ask',
  'answer',
] as const;

export interface PeopleOptions {
  stage?: string;
  product?: string;
  after?: string;
  to?: string;
  from?: string;
  note?: string;
  email?: string;
  name?: string;
  reason?: string;
  format?: string;
  message?: string;
}

/** The body of an ops question or answer: the step, the text, and one submission id per invocation. */
export function opsMessageBody(kind: 'question' | 'answer', options: PeopleOptions) {
  return {
    stage: options.stage,
    product: options.product,
    after: options.after,
    kind,
    message: options.message,
    submission: randomBytes(18).toString('base64url'),
  };
}

/**
 * People change: hand a step (or a whole queue) to someone else, replace the provider contact or the
 * rep, add another product, print the audit pack. Emails go out as from the functions, so these read
 * the functions' settings (MAIL_FROM, PUBLIC_BASE_URL, team addresses; set by --local).
 */
export async function peopleCommand(
  command: (typeof PEOPLE_COMMANDS)[number],
  onboardingId: string | undefined,
  options: PeopleOptions,
  context: { env: Record<string, string | undefined>; starter: () => StarterDependencies; by: string },
  out: (line: string) => void,
): Promise<number> {
  // Stdout is the command's answer (the audit pack may be piped): log lines stay out of it.
  const deps = (): Dependencies => ({
    ...dependenciesFromEnv(context.env),
    logger: createLogger({ service: 'onboarding-cli' }, () => {}),
  });
  const needId = () => {
    if (!onboardingId)
      throw new InvalidInputError(`Name the onboarding: npm run onboarding -- ${command} ONBOARDING_ID …`);
    return onboardingId;
  };
  const note = options.note ?? options.reason;
  switch (command) {
    case 'hand-over': {
      const fields = { to: options.to, ...(note ? { note } : {}) };
      if (options.from) {
        const result = await handOverQueue(deps(), { from: options.from, fields, by: context.by });
        out(peopleMessages.queueHandedOver({ from: options.from, to: String(options.to), ...result }));
        return 0;
      }
      const id = needId();
      const all = deps();
      const waitKey = await pendingStep(all.store, id, options);
      const result = await handOverStep(all, { onboardingId: id, waitKey, fields, by: context.by });
      out(
        peopleMessages.stepHandedOver({
          outcome: result.kind,
          stage: result.wait.stage,
          product: result.wait.product,
          to: result.handover.to,
        }),
      );
      return 0;
    }
    case 'change-contact':
    case 'change-rep': {
      const fields = {
        email: options.email,
        ...(options.name ? { name: options.name } : {}),
        ...(options.reason ? { reason: options.reason } : {}),
      };
      const who = command === 'change-rep' ? 'rep' : 'provider';
      const result = await changeContact(deps(), { onboardingId: needId(), who, fields, by: context.by });
      out(peopleMessages.contactChanged(who, result));
      return 0;
    }
    case 'remove-member': {
      const all = deps();
      const id = needId();
      const onboarding = await all.store.getOnboarding(id);
      if (!onboarding) throw new InvalidInputError(`There is no onboarding "${id}".`);
      assertAllowed(all.config, {
        credential: 'ops',
        holder: context.by,
        action: 'remove-member',
        onboarding,
      });
      const fields = { email: options.email, ...(options.reason ? { reason: options.reason } : {}) };
      const result = await removeMember(all, { onboardingId: id, fields, by: context.by });
      out(
        peopleMessages.memberRemoved({ removed: result.member.email, stepsReturned: result.stepsReturned }),
      );
      return 0;
    }
    case 'add-product': {
      const starter = context.starter();
      const arn = context.env.STATE_MACHINE_ARN ?? '';
      const result = await addProduct(
        { ...starter, stopper: createSfnStopper(new SFNClient({}), arn) },
        { onboardingId: needId(), fields: { product: options.product }, by: context.by },
      );
      out(peopleMessages.productAdded(result));
      return 0;
    }
    case 'ask':
    case 'answer': {
      const fields = opsMessageBody(command === 'ask' ? 'question' : 'answer', options);
      const result = await postMessageAsOps(deps(), { onboardingId: needId(), fields, by: context.by });
      out(peopleMessages.messagePosted({ outcome: result.kind, kind: result.message.kind }));
      return 0;
    }
    case 'audit': {
      const format = options.format ?? 'json';
      if (format !== 'json' && format !== 'html') throw new InvalidInputError('--format is json or html.');
      const pack = await buildAuditPack(context.starter(), needId());
      out(format === 'json' ? JSON.stringify(pack, null, 2) : renderAuditPackPage(pack));
      return 0;
    }
  }
}
