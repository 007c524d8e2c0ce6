import type { Resources } from '../checklist/resources.ts';
import {
  ROLE_LABELS,
  type Role,
  type StageDefinition,
  type StageKey,
  stageDefinition,
} from '../checklist/stages.ts';
import { dueWords, formatDateTime, stepLabel } from '../pages/format.ts';
import { type ActionEmailFacts, stageContent } from './action-stage-content.ts';
import { contactLink, greeting, signOff } from './common-blocks.ts';
import { type Block, button, facts, heading, link, paragraph, quote } from './email-document.ts';
import { type OpenQuestion, openQuestionBlocks } from './open-question-blocks.ts';
import { renderEmail } from './render-email.ts';
import type { EmailParty, RenderedEmail, SentBack } from './types.ts';

export type { ActionEmailFacts } from './action-stage-content.ts';

/** The email that asks someone to act on a stage, with their personal action link. */
export interface ActionEmailInput {
  kind: 'action-request' | 'reminder' | 'renewed-link' | 'handed-over';
  party: EmailParty;
  /**
   * Who handed the step to this person, and their note (kind "handed-over" only): the previous holder
   * when they did it themselves, "the Marketplace team" when ops did.
   */
  handover?: { from: string; note?: string };
  /**
   * Why a link is sent again (kind "renewed-link"): the person's link had expired and they asked for a
   * new one, they asked for it from their checklist or queue, or the marketplace's operations sent it.
   */
  resent?: 'expired' | 'asked' | 'ops';
  stage: StageDefinition;
  product?: string;
  recipientRole: Role;
  /** The personal link, used exactly as given (never decorated with tracking parameters). */
  actionUrl: string;
  /** The recipient's overview page: the provider's checklist, or a rep's or team's queue. */
  pageUrl?: string;
  /** ISO time the step should be done by. */
  deadline: string;
  /** 1 for the first reminder; only used when `kind` is "reminder". */
  reminderNumber?: number;
  /** Why the work came back to this person (send-back, changes requested). */
  feedback?: SentBack;
  facts: ActionEmailFacts;
  resources: Resources;
  /** How long this stage usually takes, in words ("about 3 days"), from this marketplace's history. */
  usually?: string;
  /** When the email is sent (ISO), so the due date reads "in 7 days". */
  now?: string;
  /** A question on the step still waiting for an answer (reminders mention it). */
  openQuestion?: OpenQuestion;
}

/**
 * The link comes first (the first line of the text, the first block of the HTML): people who
 * open the email to act should not have to read four paragraphs to find it. The why follows.
 */
export function renderActionEmail(input: ActionEmailInput): RenderedEmail {
  const { party, stage, product, resources } = input;
  if (!stage.form) throw new Error(`Stage "${stage.key}" has no form: nobody is asked to act on it`);
  const title = product ? `${stage.title}: ${product}` : stage.title;
  const step = stepLabel(stage, input.feedback?.fromStage);
  const due = input.now ? dueWords(input.deadline, input.now) : formatDateTime(input.deadline);
  return renderEmail({
    subject: `${subjectPrefix(input)}${resources.marketplaceName} — ${party.company}: ${step}, ${title}`,
    brand: resources.marketplaceName,
    blocks: [
      paragraph(`${lead(input)}: `, link(`open the ${stage.title} page`, input.actionUrl), `, by ${due}.`),
      heading(title),
      greeting(input.recipientRole, party),
      paragraph(opening(input)),
      ...feedbackBlocks(input.feedback),
      ...openQuestionBlocks(input.openQuestion, input.recipientRole),
      ...(input.handover?.note ? [quote('Their note', input.handover.note)] : []),
      facts([
        { label: 'Company', value: party.company },
        { label: 'Contact', value: input.recipientRole === 'provider' ? undefined : party.contactName },
        { label: 'Product', value: product },
        { label: 'Step', value: `${step}, ${stage.title}` },
        { label: 'Please respond by', value: due },
        { label: 'Usually takes', value: input.usually },
      ]),
      ...stageContent(input),
      paragraph(`To do: ${stage.ask}`),
      button(`Open the ${stage.title} page`, input.actionUrl),
      ...overviewLink(input),
      ...linkNotice(resources),
      signOff(resources),
    ],
  });
}

function subjectPrefix(input: ActionEmailInput): string {
  if (input.kind === 'reminder') return `Reminder ${input.reminderNumber ?? 1}: `;
  if (input.kind === 'renewed-link') return 'New link: ';
  if (input.kind === 'handed-over') return 'Handed to you: ';
  if (input.feedback) return 'Sent back: ';
  return 'Action needed: ';
}

/** The first line: what kind of email this is, in a few words, before the link. */
function lead(input: ActionEmailInput): string {
  if (input.kind === 'reminder') return 'Still waiting for you';
  if (input.kind === 'renewed-link') return input.resent === 'expired' ? 'Your new link' : 'Your link';
  if (input.kind === 'handed-over') return `Handed to you by ${input.handover?.from ?? 'a colleague'}`;
  if (input.feedback)
    return `Sent back to you by ${sentBackBy(input.feedback.fromStage, input.recipientRole)}`;
  return 'Your next step';
}

function opening(input: ActionEmailInput): string {
  const { kind, party, stage, resources } = input;
  const where = `${stepLabel(stage, input.feedback?.fromStage)}, ${stage.title}`;
  const whose = input.recipientRole === 'provider' ? 'your onboarding' : `the onboarding of ${party.company}`;
  if (kind === 'reminder') {
    return `Reminder ${input.reminderNumber ?? 1}: ${whose} to the ${resources.marketplaceName} is still waiting for you at ${where}.`;
  }
  if (kind === 'handed-over') {
    return `${capitalized(input.handover?.from ?? 'a colleague')} handed ${where} of ${party.company}'s onboarding to the ${resources.marketplaceName} over to you. The next move is yours.`;
  }
  if (kind === 'renewed-link') return resentOpening(input.resent, where);
  if (input.feedback) {
    const { fromStage } = input.feedback;
    const of = input.recipientRole === 'provider' ? '' : ` of ${party.company}'s onboarding`;
    return `${capitalized(sentBackBy(fromStage, input.recipientRole))} sent ${where}${of} back to you at ${stageDefinition(fromStage).title}, with the reason below.`;
  }
  return `${whose.charAt(0).toUpperCase()}${whose.slice(1)} to the ${resources.marketplaceName} has reached ${where}, and the next move is yours.`;
}

function resentOpening(resent: ActionEmailInput['resent'], where: string): string {
  if (resent === 'expired')
    return `Here is the new link you asked for: the one you used had expired. Use this one for ${where}.`;
  if (resent === 'ops')
    return `Marketplace operations sent you this link for ${where}, which is waiting on you. Any link we emailed you before for it works too.`;
  return `Here is the link you asked for, for ${where}.`;
}

/** Who sent a step back, as its reader knows them: "your marketplace representative", "the Billing team". */
function sentBackBy(fromStage: StageKey, reader: Role): string {
  const actor = stageDefinition(fromStage).actor;
  if (actor === 'system') return 'the marketplace';
  if (actor === 'rep' && reader === 'provider') return 'your marketplace representative';
  return `the ${ROLE_LABELS[actor]}`;
}

function capitalized(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

function feedbackBlocks(feedback: SentBack | undefined): Block[] {
  if (!feedback) return [];
  return [
    quote(
      `This came back to you from ${stageDefinition(feedback.fromStage).title}, with this reason`,
      feedback.reason,
    ),
  ];
}

function overviewLink(input: ActionEmailInput): Block[] {
  if (!input.pageUrl) return [];
  return input.recipientRole === 'provider'
    ? [
        paragraph(
          'Your whole checklist, with every step and where it stands: ',
          link('your onboarding checklist', input.pageUrl),
          '.',
        ),
      ]
    : [paragraph('Everything waiting on you, oldest first: ', link('your queue', input.pageUrl), '.')];
}

/** Said in every action email: scanners and previews open links, so people must know opening is safe. */
function linkNotice(resources: Resources): Block[] {
  return [
    paragraph(
      'This link is personal to you, so please do not forward it. Opening it changes nothing: your answer is recorded only when you press the button on the page.',
    ),
    paragraph('Questions, or not the right person for this? Write to us at ', contactLink(resources), '.'),
  ];
}
