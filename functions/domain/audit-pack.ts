import { stageDefinition } from '../checklist/stages.ts';
import { type ThreadEntry, threadsOf } from './conversation/thread.ts';
import { NotFoundError } from './errors.ts';
import type { AuditEvent, DeliveryProblem, Onboarding } from './model.ts';
import type { AgreementTextCopy, OnboardingStore } from './ports.ts';

/**
 * Everything an auditor asks about one onboarding, from DynamoDB alone (it outlives Step Functions'
 * 90-day execution history): who decided what, when, from where; the agreement acceptance evidence;
 * every email; every hand-over and contact change; the executions that carried it.
 */
export interface AuditPack {
  generatedAt: string;
  onboarding: Pick<
    Onboarding,
    | 'id'
    | 'company'
    | 'contactName'
    | 'contactEmail'
    | 'repEmail'
    | 'status'
    | 'stage'
    | 'alias'
    | 'products'
    | 'createdAt'
  >;
  executions: string[];
  decisions: AuditDecision[];
  agreement?: AgreementEvidence;
  /**
   * The exact text of each agreement version accepted in this onboarding, beside its SHA-256 (the
   * content-addressed copy kept when it was accepted). An acceptance whose text was never kept (it
   * predates the copies) has no entry; its SHA-256 is still in `agreement`. Absent from a pack an
   * older API built.
   */
  agreementTexts?: AgreementTextCopy[];
  emails: { at: string; to?: string; stage?: string; product?: string; detail?: string }[];
  deliveryProblems: (DeliveryProblem & { stage: string; product?: string })[];
  handovers: {
    stage: string;
    product?: string;
    from: string;
    to: string;
    at: string;
    by: string;
    note?: string;
  }[];
  contactChanges: { at: string; by?: string; detail?: string }[];
  /** Colleagues asked for and added to the provider team (who asked, who confirmed). */
  teamChanges: { at: string; kind: 'invited' | 'added'; by?: string; detail?: string }[];
  /**
   * Each step's conversation, newest last: questions and answers (who, when, from which link), with
   * the send-backs' reasons and resubmission notes read from the decisions. Absent from older packs.
   */
  conversations?: AuditConversation[];
  /** The whole audit trail, oldest first. */
  events: AuditEvent[];
}

export interface AuditConversation {
  stage: string;
  stageTitle: string;
  product?: string;
  /** The side whose answer a question still waits for, if one does. */
  waitingOn?: 'provider' | 'marketplace';
  entries: ThreadEntry[];
}

export interface AuditDecision {
  stage: string;
  stageTitle: string;
  product?: string;
  outcome: string;
  at: string;
  by: { address: string; role: string; name?: string; via: string };
  ip?: string;
  userAgent?: string;
  reason?: string;
}

export interface AgreementEvidence {
  version?: string;
  signerName?: string;
  signerTitle?: string;
  at: string;
  ip?: string;
  userAgent?: string;
  /** SHA-256 of the exact agreement text accepted, when the page recorded it. */
  textSha256?: string;
}

export async function buildAuditPack(
  deps: {
    store: Pick<
      OnboardingStore,
      'getOnboarding' | 'listWaits' | 'listEvents' | 'getAgreementText' | 'listMessages'
    >;
    clock: () => Date;
  },
  onboardingId: string,
): Promise<AuditPack> {
  const onboarding = await deps.store.getOnboarding(onboardingId);
  if (!onboarding) throw new NotFoundError(`There is no onboarding "${onboardingId}".`);
  const [waits, events, messages] = await Promise.all([
    deps.store.listWaits(onboarding.id),
    deps.store.listEvents(onboarding.id),
    deps.store.listMessages(onboarding.id),
  ]);
  const byTime = <T extends { at: string }>(items: T[]) =>
    [...items].sort((a, b) => a.at.localeCompare(b.at));

  const decisions = byTime(
    waits.flatMap((wait): AuditDecision[] => {
      const decision = wait.decision;
      if (wait.status !== 'decided' || !decision) return [];
      const name = decision.actor.id === onboarding.contactEmail ? onboarding.contactName : undefined;
      return [
        {
          stage: wait.stage,
          stageTitle: stageDefinition(wait.stage).title,
          product: wait.product,
          outcome: decision.outcome,
          at: decision.at,
          by: { address: decision.actor.id, role: decision.actor.role, name, via: decision.actor.via },
          ip: decision.actor.ip,
          userAgent: decision.actor.userAgent,
          reason: decision.reason,
        },
      ];
    }),
  );
  const accepted = waits.find(
    (wait) => wait.stage === 'provider-agreement' && wait.status === 'decided',
  )?.decision;
  const acceptedHashes = new Set(
    waits.flatMap((wait) => {
      const hash = wait.stage === 'provider-agreement' ? wait.decision?.fields.agreementSha256 : undefined;
      return typeof hash === 'string' ? [hash] : [];
    }),
  );
  const agreementTexts = (
    await Promise.all([...acceptedHashes].map((hash) => deps.store.getAgreementText(hash)))
  ).filter((copy): copy is AgreementTextCopy => copy !== undefined);
  const text = (key: string) => {
    const value = accepted?.fields[key];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    generatedAt: deps.clock().toISOString(),
    onboarding: {
      id: onboarding.id,
      company: onboarding.company,
      contactName: onboarding.contactName,
      contactEmail: onboarding.contactEmail,
      repEmail: onboarding.repEmail,
      status: onboarding.status,
      stage: onboarding.stage,
      alias: onboarding.alias,
      products: onboarding.products,
      createdAt: onboarding.createdAt,
    },
    executions: [
      ...new Set([
        ...events
          .filter((event) => event.type === 'onboarding-started' || event.type === 'onboarding-resumed')
          .map((event) => (event.detail ?? '').split(' ')[0] ?? '')
          .filter(Boolean),
        onboarding.executionName,
      ]),
    ],
    decisions,
    agreement: accepted && {
      version: text('agreementVersion'),
      signerName: text('signerName'),
      signerTitle: text('signerTitle'),
      at: accepted.at,
      ip: accepted.actor.ip,
      userAgent: accepted.actor.userAgent,
      textSha256: text('agreementSha256'),
    },
    agreementTexts,
    emails: events
      .filter((event) => event.type === 'email-sent')
      .map((event) => ({
        at: event.at,
        to: event.actor,
        stage: event.stage,
        product: event.product,
        detail: event.detail,
      })),
    deliveryProblems: waits.flatMap((wait) =>
      wait.deliveryProblem ? [{ ...wait.deliveryProblem, stage: wait.stage, product: wait.product }] : [],
    ),
    handovers: byTime(
      waits.flatMap((wait) =>
        (wait.handovers ?? []).map((handover) => ({ stage: wait.stage, product: wait.product, ...handover })),
      ),
    ),
    contactChanges: events
      .filter((event) => event.type === 'contact-changed')
      .map((event) => ({ at: event.at, by: event.actor, detail: event.detail })),
    teamChanges: events
      .filter((event) => event.type === 'colleague-invited' || event.type === 'team-member-added')
      .map((event) => ({
        at: event.at,
        kind: event.type === 'colleague-invited' ? ('invited' as const) : ('added' as const),
        by: event.actor,
        detail: event.detail,
      })),
    conversations: conversationsOf(waits, messages),
    events,
  };
}

function conversationsOf(
  waits: Parameters<typeof threadsOf>[0],
  messages: Parameters<typeof threadsOf>[1],
): AuditConversation[] {
  const threads = threadsOf(waits, messages);
  return [...waits]
    .sort((a, b) => a.enteredAt.localeCompare(b.enteredAt))
    .flatMap((wait) => {
      const thread = threads.get(wait.waitKey);
      if (!thread) return [];
      return [
        {
          stage: wait.stage,
          stageTitle: stageDefinition(wait.stage).title,
          product: wait.product,
          waitingOn: thread.waitingOn,
          entries: thread.entries,
        },
      ];
    });
}
