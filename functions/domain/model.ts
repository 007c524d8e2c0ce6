import type { Role, StageKey } from '../checklist/stages.ts';
import type { EmailNotSentReason } from './errors.ts';

/** What a person decided on a stage. The `outcome` is what the state machine routes on. */
export type Outcome = 'submitted' | 'approved' | 'changes-requested' | 'withdrawn';

export interface Actor {
  /** Email address of the person (link recipient) or the IAM principal (callback API). */
  id: string;
  role: Role;
  via: 'link' | 'callback';
  ip?: string;
  userAgent?: string;
}

/** A decision as recorded in DynamoDB; `fields` are the validated form fields. */
export interface Decision {
  outcome: Outcome;
  fields: Record<string, unknown>;
  reason?: string;
  actor: Actor;
  at: string;
}

/** The small part of a decision the state machine needs to route (the SendTaskSuccess output). */
export interface DecisionOutput {
  outcome: Outcome;
  /** Products requested for publication (publication-request only): the Map's items. */
  products?: ProductItem[];
  /** Where marketplace approval sends a product back to (changes-requested only). */
  sendBackTo?: 'content' | 'integration';
  /** Why it was sent back, for the next person's email. */
  reason?: string;
}

/** Where a product's iteration of the Map starts (see "Where does this product resume?" in the ASL). */
export type ProductStart =
  | 'technical-integration'
  | 'marketplace-approval'
  | 'approval-revision'
  | 'published';

/** Where one Parallel branch (technical or billing integration) of a resumed product starts. */
export type BranchStart = 'sign-off' | 'revision' | 'complete';

/** A recorded wait the resumed execution adopts: pending (its link keeps working) or decided (replayed). */
export interface ResumeWait {
  waitKey: string;
  /** For product revisions: which stage sent the product back (both branches may revise at once). */
  after?: StageKey;
}

/**
 * The `$.step` a task entry starts from. A reminder names the wait it re-enters (`reentryOf`); a resume
 * names the waits to adopt (`resumeWaits`) and where each integration branch stands (`resume`).
 */
export interface ResumeStep {
  reentryOf?: string;
  resumeWaits?: ResumeWait[];
  resume?: { technical?: BranchStart; billing?: BranchStart };
}

/** One item of the products Map: the product and the `$.step` its iteration starts from. */
export interface ProductItem {
  name: string;
  startAt: ProductStart;
  step: ResumeStep;
}

export type OnboardingStatus = 'in-progress' | 'completed' | 'stopped';

export interface Onboarding {
  id: string;
  executionName: string;
  company: string;
  contactName: string;
  contactEmail: string;
  repEmail: string;
  /** The stage the onboarding is at, for ops listings ("completed" once done). */
  stage: StageKey | 'completed';
  status: OnboardingStatus;
  alias?: string;
  products: ProductState[];
  createdAt: string;
  updatedAt: string;
  /** The provider's colleagues on this onboarding: copied on provider steps, each with their own checklist. */
  team?: TeamMember[];
  /** Whether provider step emails go to the team too (default: yes). */
  copyTeam?: boolean;
  /** When the current execution (`executionName`) started: the long-running guard's age. */
  executionStartedAt?: string;
  /** Reminder loops (timeouts of waits) in the current execution: each adds ~12 history events. */
  reminderLoops?: number;
  /** Which of its steps need attention, kept on the profile so the rep's portfolio needs no read per row. */
  attention?: Attention;
}

/**
 * The wait keys of an onboarding's steps that need attention: a question waiting on the provider's
 * answer or on the marketplace's, an email about the step that was not delivered. Kept as string
 * sets on the profile (adding or removing a key twice is harmless, so a retried write never counts
 * twice); a decision takes its step out of all three.
 */
export interface Attention {
  questionsToProvider: string[];
  questionsToMarketplace: string[];
  deliveryProblems: string[];
}

/**
 * A change to an onboarding's attention for one step. `openQuestion`: the side a question now waits
 * on (the step leaves the other side's set), or `false` when nothing is open. `deliveryProblem`:
 * `true` adds the step, `false` takes it out. Absent: left as it is.
 */
export interface AttentionChange {
  openQuestion?: ConversationSide | false;
  deliveryProblem?: boolean;
}

export interface TeamMember {
  name: string;
  email: string;
}

/** Whether an address is the provider's primary contact or on its team (case ignored). */
export function isProviderPerson(
  onboarding: Pick<Onboarding, 'contactEmail' | 'team'>,
  address: string,
): boolean {
  const wanted = address.toLowerCase();
  return (
    onboarding.contactEmail.toLowerCase() === wanted ||
    (onboarding.team ?? []).some((member) => member.email.toLowerCase() === wanted)
  );
}

/**
 * A provider person asked to add a colleague to the team; the primary contact confirms it from an
 * emailed link (`/t/<id>`). Only the SHA-256 of the link id is stored. `confirmedAt` is set exactly
 * once (a conditional write); the member is added to the team after it, repaired by a repeat click.
 */
export interface TeamInvitation {
  idHash: string;
  onboardingId: string;
  member: TeamMember;
  /** Who asked: the address of the checklist the request came from. */
  invitedBy: string;
  /** Who must confirm: the primary contact on file when it was asked. */
  contactEmail: string;
  createdAt: string;
  expiresAt: string;
  confirmedAt?: string;
  confirmedBy?: string;
}

export interface ProductState {
  name: string;
  status: 'requested' | 'in-integration' | 'in-review' | 'published' | 'withdrawn';
  updatedAt: string;
}

/**
 * One human wait: a stage (and product, and round) the state machine is waiting on.
 * Reminders rotate the task token on the same wait, so links issued for it keep working.
 */
export interface Wait {
  onboardingId: string;
  /** `<stage>#<product or ->#<entry>`: unique per wait, stable across reminders (see `waitKeyOf`). */
  waitKey: string;
  stage: StageKey;
  product?: string;
  role: Role;
  recipient: string;
  status: 'pending' | 'decided' | 'closed';
  /** Current task token. Never leaves the store except towards Step Functions. */
  taskToken: string;
  /** SHA-256 of the token whose entry email / reminder was already sent (retry idempotency). */
  notifiedTokenHash?: string;
  enteredAt: string;
  deadline: string;
  timeoutSeconds: number;
  reminders: number;
  escalations: number;
  decision?: Decision;
  /** When delivering the decision last failed (cleared in effect by `deliveredAt`). */
  deliveryFailedAt?: string;
  /** Set when an email about this wait bounced, drew a complaint or could not be sent: reminders then go to the escalation contact. */
  deliveryProblem?: DeliveryProblem;
  /**
   * When the decision reached Step Functions (SendTaskSuccess accepted). Unset while no task took it
   * (its token was closed): the next entry of this wait completes from the record.
   */
  deliveredAt?: string;
  /**
   * The decision's `decision-recorded` audit event was written with the decision itself. Decisions
   * recorded before that was so have theirs written by whoever finishes them.
   */
  decisionAudited?: boolean;
  /** Why this wait exists, for product revisions: the stage that sent the product back. */
  after?: StageKey;
  /** Every time the step moved to another person, oldest first: links to earlier holders say so. */
  handovers?: Handover[];
  /** "I'm on it": the team member handling a team's step. A label for the team, never a lock. */
  claim?: StepClaim;
}

/**
 * A member of the team a step waits on said they are on it, from the team mailbox's queue. The name
 * is what they typed (a queue link belongs to the mailbox, not to one person): it tells colleagues
 * and the provider who is handling the step, and gives no power. Whoever decides, decides.
 */
export interface StepClaim {
  name: string;
  at: string;
  /** The mailbox whose queue link it came from. */
  via: string;
}

/** A step handed from one address to another (a colleague, a new contact, out of office). */
export interface Handover {
  from: string;
  to: string;
  at: string;
  /** Who did it: an ops principal, or the address of the person who handed it over. */
  by: string;
  note?: string;
}

export interface DeliveryProblem {
  /** `not-sent`: SES refused the email for good when it was sent (see `reason`). */
  kind: 'bounce' | 'complaint' | 'not-sent';
  address: string;
  at: string;
  /**
   * The SES message id the event was about, or for `not-sent` an id of the attempt: the same event
   * delivered twice (or the same attempt retried) flags once.
   */
  messageId: string;
  detail?: string;
  /** Why the email was not sent (`not-sent` only). */
  reason?: EmailNotSentReason;
}

/** An emailed action link. Only the SHA-256 of its id is stored. */
export interface ActionLink {
  idHash: string;
  onboardingId: string;
  waitKey: string;
  stage: StageKey;
  role: Role;
  recipient: string;
  createdAt: string;
  expiresAt: string;
}

/**
 * A page link emailed with provider and staff emails: the provider's checklist of one onboarding, or
 * the queue of everything waiting on one address (a rep or a team mailbox). Only its SHA-256 is stored.
 */
export interface ViewLink {
  idHash: string;
  view: 'checklist' | 'queue';
  /** The onboarding a checklist shows (checklist only). */
  onboardingId?: string;
  /** The address the link was emailed to; a queue shows the waits addressed to it. */
  recipient: string;
  /**
   * Whether the page may open a step for `recipient` (issue a fresh action link and go to it). False
   * when the email went to others too (in copy): their page can only have the step's link emailed.
   */
  opensSteps: boolean;
  createdAt: string;
  expiresAt: string;
}

export type AuditType =
  | 'onboarding-started'
  | 'onboarding-resumed'
  | 'orphan-found'
  | 'stage-entered'
  | 'reminder-sent'
  | 'escalated'
  | 'decision-recorded'
  | 'decision-refused'
  | 'link-renewed'
  | 'email-sent'
  | 'email-bounced'
  | 'email-complaint'
  | 'email-not-sent'
  | 'product-published'
  | 'product-withdrawn'
  | 'onboarding-completed'
  | 'onboarding-stopped'
  | 'action-link-issued'
  | 'step-handed-over'
  | 'contact-changed'
  | 'product-added'
  | 'email-suppressed'
  | 'colleague-invited'
  | 'team-member-added'
  | 'team-member-removed'
  | 'step-claimed'
  | 'claim-released';

export interface AuditEvent {
  onboardingId: string;
  type: AuditType;
  at: string;
  stage?: StageKey;
  product?: string;
  actor?: string;
  ip?: string;
  userAgent?: string;
  outcome?: string;
  detail?: string;
  /** Appending the same event again (same `at` and `onceKey`) keeps one copy: for steps that may repeat. */
  onceKey?: string;
}

/**
 * Each fresh entry into a stage (first time, or again after a send-back) is a new wait; `entry` is
 * derived from that entry's first task token, so a Lambda retry of the same entry maps to the same wait.
 */
export function waitKeyOf(stage: StageKey, product: string | undefined, entry: string): string {
  return `${stage}#${product ?? '-'}#${entry}`;
}

/**
 * A start made with an idempotency key (`Idempotency-Key` / `clientToken`): the same key and body
 * answer with the same onboarding. `started` is set once its execution runs; until then the start
 * is under way. Kept a day (`expiresAt`, checked in code; TTL cleans up on AWS).
 */
export interface StartKeyRecord {
  keyHash: string;
  /** SHA-256 of the normalized request: the same key with another body is refused. */
  bodyHash: string;
  onboardingId: string;
  createdAt: string;
  expiresAt: string;
  started?: { executionName: string; executionArn: string };
}

/** The latest start for one company + contact + rep, to refuse an accidental second one. */
export interface RecentStart {
  /** SHA-256 of the case-folded company, contact and rep. */
  fingerprint: string;
  onboardingId: string;
  createdAt: string;
  expiresAt: string;
}

/** One sliding-window allowance (emails sent on request): when each recent send happened. */
export interface Allowance {
  /** What is limited, e.g. `wait#<onboardingId>#<waitKey>` or `recipient#<address>`. */
  key: string;
  /** How many sends the window holds, and how long it is. */
  limit: number;
  windowSeconds: number;
}

/** Which side of a step's conversation a message comes from: the provider's people, or the marketplace. */
export type ConversationSide = 'provider' | 'marketplace';

/**
 * One message in a step's conversation (a question or an answer). It never changes the step. Kept as
 * its own item, keyed by the form's submission id, so a second submit of the same form writes nothing.
 * `emailedAt` is set once the other side was emailed: a message without it is emailed by whoever finds
 * it next (the poster, or the recovery after a crash), exactly once.
 */
export interface StepMessage {
  onboardingId: string;
  waitKey: string;
  /** A random id from the form (or the CLI): the same submission is one message. */
  submissionId: string;
  kind: 'question' | 'answer';
  side: ConversationSide;
  /** Who wrote it: the address the link was emailed to, or the ops principal. */
  author: string;
  /** Which link it came from (the credential kind of the authority model). */
  via: 'step-link' | 'checklist' | 'queue' | 'ops';
  text: string;
  at: string;
  /** When the other side was told (their email was accepted, or could not be sent for good). */
  emailedAt?: string;
  /** An answer's question: the submission id of the other side's latest question it answers. */
  answers?: string;
}
