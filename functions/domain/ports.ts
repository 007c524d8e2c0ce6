import type { StageKey } from '../checklist/stages.ts';
import type {
  ActionLink,
  Allowance,
  AttentionChange,
  AuditEvent,
  Decision,
  DeliveryProblem,
  Handover,
  Onboarding,
  ProductState,
  RecentStart,
  StartKeyRecord,
  StepClaim,
  StepMessage,
  TeamInvitation,
  TeamMember,
  ViewLink,
  Wait,
} from './model.ts';

/** An email ready to send: rendered in code (text + HTML), addresses already validated. */
export interface OutgoingEmail {
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html: string;
  /** Where replies go (see `replyToFor`): every email names it, so a reply always reaches a person. */
  replyTo: string;
  /** SES message tags (letters, digits, _ and -): they come back in bounce and complaint events. */
  tags?: Record<string, string>;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/** Step Functions callbacks. `stale` means the token's task already closed (timed out, stopped). */
export interface WorkflowCallbacks {
  sendTaskSuccess(taskToken: string, output: unknown): Promise<'delivered' | 'stale'>;
}

export interface WorkflowStopper {
  /** Stops an execution by name (a no-op if it already ended); `false` if no execution has that name. */
  stopExecution(executionName: string, reason: { error: string; cause: string }): Promise<boolean>;
}

/** The state machine's executions, as the orphan sweep needs them. */
export interface WorkflowExecutionList {
  /** Names of its executions in `status`, newest first (Step Functions keeps ended ones for 90 days). */
  listNames(status: 'RUNNING' | 'ABORTED' | 'FAILED' | 'TIMED_OUT'): Promise<string[]>;
  /** The status of one execution by name; undefined if there is none. */
  statusOf(executionName: string): Promise<string | undefined>;
}

export interface WorkflowStarter {
  /** Idempotent for the same name and input, as StartExecution is. */
  startExecution(request: { name: string; input: unknown }): Promise<{ executionArn: string }>;
}

export type OpenWaitResult =
  | { kind: 'created'; wait: Wait }
  | { kind: 'retry'; wait: Wait }
  | { kind: 'reentered'; wait: Wait }
  | { kind: 'already-decided'; wait: Wait }
  | { kind: 'closed'; wait: Wait };

export type DecideResult = { kind: 'decided'; wait: Wait } | { kind: 'already-decided'; wait: Wait };

/** An onboarding with every wait it has, read at once. */
export interface OnboardingRecord {
  onboarding: Onboarding;
  waits: Wait[];
  /** Every message of every step's conversation (they sit in the same partition: no extra read). */
  messages?: StepMessage[];
}

/**
 * Records that are only ever written whole and travel together (a new step's links and audit event,
 * a decision's audit and queue removal): written in one batch, none of them conditional.
 */
export interface RecordBatch {
  actionLinks?: ActionLink[];
  viewLinks?: ViewLink[];
  events?: AuditEvent[];
  /** Queue entries to add for these pending waits. */
  enqueue?: Wait[];
  /** Queue entries to remove for these decided or closed waits. */
  dequeue?: Wait[];
  /** How long completed stages took, for "usually takes about N days". */
  stageDurations?: StageDurationSample[];
  /** Decisions that reached Step Functions: read back as their wait's `deliveredAt`. */
  settled?: SettledNote[];
}

/** A decision delivered at `deliveredAt`: nothing about it is left to do. */
export interface SettledNote {
  onboardingId: string;
  waitKey: string;
  deliveredAt: string;
}

/** One completed stage: from its first entry to the decision that completed it. */
export interface StageDurationSample {
  stage: StageKey;
  seconds: number;
  /** When the stage was completed: the newest samples count. */
  at: string;
  /** The wait that was completed: writing the same sample again (a retry) stores it once. */
  onboardingId: string;
  waitKey: string;
}

export interface Page<T> {
  items: T[];
  cursor?: string;
}

/** Everything the product keeps, behind one interface; the DynamoDB adapter implements it. */
export interface OnboardingStore {
  createOnboarding(onboarding: Onboarding): Promise<'created' | 'exists'>;
  getOnboarding(id: string): Promise<Onboarding | undefined>;
  /** The onboarding and all its waits in one read: what a task or a page needs to decide and show. */
  readOnboarding(id: string): Promise<OnboardingRecord | undefined>;
  /** Removes an onboarding whose execution could not be started (and its events). */
  deleteOnboarding(id: string): Promise<void>;
  updateOnboarding(
    id: string,
    changes: Partial<Pick<Onboarding, 'stage' | 'status' | 'alias' | 'products'>>,
    at: string,
  ): Promise<void>;
  /**
   * Appends a product and puts the onboarding back in progress at integration, only if its list of
   * products still has the length the caller read: of two requests adding at once, one adds and the
   * other gets `changed` (and reads again).
   */
  addProductToOnboarding(
    id: string,
    product: ProductState,
    readCount: number,
    at: string,
  ): Promise<'added' | 'changed'>;
  /** With `known` (the products read with the onboarding), one write without a read where it can. */
  setProductStatus(
    id: string,
    product: ProductState,
    at: string,
    known?: { products: ProductState[] },
  ): Promise<void>;
  /**
   * A stage was entered: the onboarding moves to it and, for a product stage, that product's status
   * changes: one write when `known` (read with the onboarding) has the product, else as setProductStatus.
   */
  moveToStage(
    id: string,
    change: { stage: Onboarding['stage']; product?: ProductState },
    at: string,
    known?: { products: ProductState[] },
  ): Promise<void>;
  /** The execution now carrying the onboarding (after a resume); not progress, `updatedAt` stays. */
  recordExecution(id: string, executionName: string, startedAt: string): Promise<void>;
  /** Counts one reminder loop of the current execution; not progress, `updatedAt` stays. */
  countReminderLoop(id: string): Promise<void>;
  listOnboardingsByStage(stage: string, limit: number, cursor?: string): Promise<Page<Onboarding>>;
  /**
   * The onboardings whose rep is `repEmail` (case ignored), newest started first, one page per call:
   * all in progress or stopped, and completed ones last updated at or after `completedSince`.
   */
  listOnboardingsOfRep(
    repEmail: string,
    page: { limit: number; cursor?: string; completedSince: string },
  ): Promise<Page<Onboarding>>;
  /**
   * Claims the resume of an orphan (an in-progress onboarding whose execution `executionName` is not
   * running) exactly once: a conditional write on the onboarding, still carried by that execution and
   * not claimed for it since `staleBefore` (a claimant that died gives way). `false`: another has it.
   */
  claimOrphan(id: string, executionName: string, at: string, staleBefore: string): Promise<boolean>;

  /**
   * Opens a wait, or rotates the token of an existing pending one (reminder re-entry). A new wait
   * gets its queue entry, written in one batch with `alongside` (on `retry`, nothing is written).
   */
  openWait(wait: Wait, alongside?: RecordBatch): Promise<OpenWaitResult>;
  getWait(onboardingId: string, waitKey: string): Promise<Wait | undefined>;
  /** The latest wait of a stage (and product): what a reminder refers to. */
  getCurrentWait(onboardingId: string, stage: string, product?: string): Promise<Wait | undefined>;
  listWaits(onboardingId: string): Promise<Wait[]>;
  /**
   * Records a decision exactly once: a conditional write on `status = pending`. `audit` (its
   * `decision-recorded` event) is kept on the wait by that same write, so the audit is atomic with
   * the decision; the wait then says `decisionAudited`.
   */
  decideWait(
    onboardingId: string,
    waitKey: string,
    decision: Decision,
    audit?: AuditEvent,
  ): Promise<DecideResult>;
  /**
   * Notes that this token's action request went out; `email` (its `email-sent` audit event) is kept
   * with the note, in the same write, and listed by `listEvents` with the onboarding's other events.
   */
  markNotified(onboardingId: string, waitKey: string, tokenHash: string, email?: AuditEvent): Promise<void>;
  /** Flags a pending wait whose email bounced, drew a complaint or was not sent; `false` if it was already flagged for that message. */
  flagDeliveryProblem(onboardingId: string, waitKey: string, problem: DeliveryProblem): Promise<boolean>;
  /** Clears the problem flagged with `messageId` (a later email to the address went out); otherwise a no-op. */
  clearDeliveryProblem(onboardingId: string, waitKey: string, messageId: string): Promise<void>;
  /**
   * Adds a step to (true) or takes it out of (false) its onboarding's attention on the profile: an
   * open question, an undelivered email. Safe to repeat; a no-op when the onboarding is gone.
   */
  noteAttention(onboardingId: string, waitKey: string, change: AttentionChange): Promise<void>;
  /**
   * Notes that the decision reached Step Functions, so a later click need not deliver it again: the
   * same settled note as `RecordBatch.settled`, on its own.
   */
  markDelivered(onboardingId: string, waitKey: string, at: string): Promise<void>;
  /** Notes that delivering the decision failed, so the next touch retries it without waiting. */
  markDeliveryFailed(onboardingId: string, waitKey: string, at: string): Promise<void>;
  recordReminder(
    onboardingId: string,
    waitKey: string,
    changes: { reminders: number; escalations: number },
  ): Promise<void>;
  closeWait(onboardingId: string, waitKey: string): Promise<void>;
  /**
   * Moves a pending wait from `handover.from` to `handover.to` exactly once (a conditional write on
   * status and recipient): its queue entry moves, its delivery problem clears. `unchanged` if it is
   * no longer pending or no longer addressed to `from` (a double click, or someone else was faster).
   */
  handOverWait(
    onboardingId: string,
    waitKey: string,
    handover: Handover,
  ): Promise<{ kind: 'handed-over'; wait: Wait } | { kind: 'unchanged'; wait: Wait | undefined }>;
  /**
   * "I'm on it" on a pending step addressed to `claim.via`, exactly once per name (a conditional
   * write): `claimed` with the claim it replaced, if any; `unchanged` when that name already holds it
   * (a double click); `not-pending` when the step was decided, closed or moved on.
   */
  claimWait(
    onboardingId: string,
    waitKey: string,
    claim: StepClaim,
  ): Promise<{ kind: 'claimed'; replaced?: StepClaim } | { kind: 'unchanged' | 'not-pending' }>;
  /** Ends the claim made at `claimedAt` on a pending step; `unchanged` if it was ended or replaced already. */
  releaseClaim(
    onboardingId: string,
    waitKey: string,
    claimedAt: string,
  ): Promise<{ kind: 'released'; claim: StepClaim } | { kind: 'unchanged' }>;
  /** New contact details on the onboarding (provider contact or rep); not progress, `updatedAt` stays. */
  updateContacts(
    id: string,
    changes: Partial<Pick<Onboarding, 'contactName' | 'contactEmail' | 'repEmail'>>,
  ): Promise<void>;

  /** Stores an invitation to the provider team (a plain put: the id hash comes from 256 random bits). */
  putInvitation(invitation: TeamInvitation): Promise<void>;
  /** Returns expired invitations too: the caller tells "expired" apart from "unknown". */
  getInvitation(idHash: string): Promise<TeamInvitation | undefined>;
  /** Marks an invitation confirmed exactly once; `unchanged` (with the record) if it already was. */
  confirmInvitation(
    idHash: string,
    confirmation: { at: string; by: string },
  ): Promise<{ kind: 'confirmed' | 'unchanged'; invitation: TeamInvitation | undefined }>;
  /**
   * Adds a member to the onboarding's team exactly once: a conditional write on the team as it was
   * read (optimistic concurrency), so concurrent adds never duplicate or overfill it.
   */
  addTeamMember(
    onboardingId: string,
    member: TeamMember,
    max: number,
  ): Promise<'added' | 'already-member' | 'full' | 'no-onboarding'>;
  /**
   * Takes a member off the onboarding's team exactly once: a conditional write on the team as it was
   * read, so a concurrent add or removal is never lost. Returns the member as they were on file.
   */
  removeTeamMember(
    onboardingId: string,
    email: string,
  ): Promise<{ kind: 'removed'; member: TeamMember } | { kind: 'not-member' | 'no-onboarding' }>;

  /** Writes records that travel together in one batch (see RecordBatch). */
  writeRecords(batch: RecordBatch): Promise<void>;
  putLink(link: ActionLink): Promise<void>;
  /** A link minted before links moved in with their onboarding (its id is the bare secret). */
  getLink(idHash: string): Promise<ActionLink | undefined>;
  /**
   * An action link with its onboarding, the onboarding's waits and messages, in one read (the link
   * id names the onboarding). `link` is undefined when the onboarding has no link with this hash.
   */
  readLinkWithOnboarding(
    onboardingId: string,
    idHash: string,
  ): Promise<{ link?: ActionLink; record?: OnboardingRecord }>;
  putViewLink(link: ViewLink): Promise<void>;
  /** Returns expired view links too: the caller tells "expired" apart from "unknown". */
  getViewLink(idHash: string): Promise<ViewLink | undefined>;
  /** Pending waits addressed to one recipient (a rep or a team mailbox), oldest first. */
  listPendingWaitsFor(recipient: string): Promise<Wait[]>;

  /**
   * The recent durations of every stage (seconds, newest first, at most 100 each). Samples are
   * written with the decision that completes a stage (`RecordBatch.stageDurations`).
   */
  getStageDurations(): Promise<Partial<Record<StageKey, number[]>>>;

  /**
   * Keeps the exact text of an agreement version under its SHA-256, once (a second keep of the same
   * text changes nothing): the audit pack shows what was accepted even after the text changes.
   */
  keepAgreementText(copy: AgreementTextCopy): Promise<void>;
  getAgreementText(sha256: string): Promise<AgreementTextCopy | undefined>;

  /**
   * Records one message of a step's conversation exactly once per submission (a conditional put on
   * its submission id): `exists` when the same submission was already recorded. The message is
   * written claimed for its email by its poster (see claimMessageEmail).
   */
  putMessage(message: StepMessage): Promise<'created' | 'exists'>;
  /**
   * Claims the one email about a message: a conditional write, true only when it was not emailed and
   * no claim is newer than `staleBefore` (a claimant that died before sending gives way).
   */
  claimMessageEmail(
    message: Pick<StepMessage, 'onboardingId' | 'waitKey' | 'submissionId'>,
    at: string,
    staleBefore: string,
  ): Promise<boolean>;
  /** Gives up a claim whose email could not be sent (a transient failure): the next try takes it at once. */
  releaseMessageClaim(message: Pick<StepMessage, 'onboardingId' | 'waitKey' | 'submissionId'>): Promise<void>;
  /** Notes that the other side was told of a message; a no-op when it already was. */
  markMessageEmailed(
    message: Pick<StepMessage, 'onboardingId' | 'waitKey' | 'submissionId'>,
    at: string,
  ): Promise<boolean>;
  /** Every message of an onboarding's steps, oldest first. */
  listMessages(onboardingId: string): Promise<StepMessage[]>;

  appendEvent(event: AuditEvent): Promise<void>;
  listEvents(onboardingId: string): Promise<AuditEvent[]>;

  /**
   * Claims an idempotency key unless a live record holds it (then returns that record). Expired
   * records, and starts that never finished and were begun before `abandonedBefore`, are replaced.
   */
  claimStartKey(record: StartKeyRecord, abandonedBefore: string): Promise<ClaimResult<StartKeyRecord>>;
  /** Notes the execution a claimed key's start ran, so a repeat answers with it. */
  completeStartKey(keyHash: string, started: NonNullable<StartKeyRecord['started']>): Promise<void>;
  /**
   * Records a start for its fingerprint unless one was recorded at or after `notBefore`; with
   * `replacing`, only if the record still has that `createdAt` (an abandoned start); with neither,
   * always (a forced start).
   */
  claimRecentStart(
    record: RecentStart,
    rule?: { notBefore: string } | { replacing: string },
  ): Promise<ClaimResult<RecentStart>>;
  /** Undoes the claims of a start that failed, if they are still that onboarding's. */
  releaseStartClaims(claims: { keyHash?: string; fingerprint?: string; onboardingId: string }): Promise<void>;

  /**
   * Takes one send from a sliding-window allowance if the window has room (`at` is now); a
   * conditional write, so concurrent callers never overdraw it. `firstRefusal` is true for the
   * first refusal since the last send: one audit event per suppressed burst.
   */
  takeAllowance(
    allowance: Allowance,
    at: Date,
  ): Promise<{ granted: true } | { granted: false; firstRefusal: boolean; retryAt: string }>;
  /** Gives back the send taken at `at`: the email was refused, so nothing reached anyone. */
  returnAllowance(allowance: Allowance, at: Date): Promise<void>;
}

export type ClaimResult<T> = { kind: 'claimed' } | { kind: 'exists'; record: T };

/** The exact text of one agreement version, as accepted, content-addressed by its SHA-256. */
export interface AgreementTextCopy {
  sha256: string;
  version: string;
  text: string;
  /** When it was first accepted (the first keep). */
  keptAt: string;
}
