/**
 * The one DynamoDB table: its key schema is shared by the CDK stack and the local runtime, so both
 * create exactly the same table.
 *
 * | item            | pk                   | sk                                  | gsi1pk         | gsi1sk                |
 * |-----------------|----------------------|-------------------------------------|----------------|-----------------------|
 * | onboarding      | ONBOARDING#<id>      | PROFILE                             | STAGE#<stage>  | <updatedAt>#<id>      |
 * | wait            | ONBOARDING#<id>      | WAIT#<stage>#<product or ->#<entry> |                |                       |
 * | settled note    | ONBOARDING#<id>      | SETTLED#<waitKey>                   |                |                       |
 * | audit event     | ONBOARDING#<id>      | EVENT#<at>#<random>                 |                |                       |
 * | action link     | ONBOARDING#<id>      | STEP_LINK#<sha256(link id)>         |                |                       |
 * | older link      | LINK#<sha256(id)>    | LINK                                |                |                       |
 * | view link       | VIEW#<sha256(id)>    | VIEW                                |                |                       |
 * | team invitation | INVITE#<sha256(id)>  | INVITE                              |                |                       |
 * | queue entry     | QUEUE#<recipient>    | WAIT#<enteredAt>#<id>#<waitKey>     |                |                       |
 * | start key       | START_KEY#<sha256>   | START_KEY                           |                |                       |
 * | recent start    | START#<fingerprint>  | START                               |                |                       |
 * | send allowance  | ALLOWANCE#<key>      | ALLOWANCE                           |                |                       |
 * | stage duration  | DURATIONS#<stage>    | <at>#<sha256(id, waitKey)>          |                |                       |
 * | step message    | ONBOARDING#<id>      | THREAD#<waitKey>#<submission id>    |                |                       |
 *
 * The onboarding profile also carries gsi2pk `REP#<rep address, lower case>` and gsi2sk
 * `<createdAt>#<id>`: the by-rep index.
 *
 * Access patterns: onboarding by id (GetItem), the onboarding with all its waits (one Query on pk
 * from PROFILE on: the events sort before it), the current wait of a stage (the latest of the waits
 * under its `WAIT#<stage>#<product>#` prefix; tables written before this change may still hold
 * STAGE# pointer items, which nothing reads any more),
 * onboardings by stage for ops, newest first (Query on gsi1), an action link with its onboarding and
 * waits (the same Query from PROFILE on: a link id starts with its onboarding's id, and its items sort
 * between PROFILE and THREAD#; an id minted before that is the bare secret, read by GetItem on
 * LINK#<hash>; DynamoDB's TTL removes a link soon after it expires, so the links read with an onboarding
 * are about as many as its steps have live links), view
 * link by id hash (GetItem), pending waits of one recipient (a rep or team mailbox), oldest first
 * (Query on the QUEUE# partition: an entry exists while its wait is pending), how long each stage
 * recently took, for "usually takes about N days" (one Query per stage, newest 100, cached for a
 * few minutes per process; a sample is written with the decision that completes a stage and
 * expires after a year), a rep's portfolio: every onboarding the rep is responsible for, newest
 * started first (Query on the by-rep index, paged with a cursor; the first page is one Query, and the
 * index projects the whole profile, so a row needs no further read). The rep's address is the
 * index partition, lower-cased like queue partitions; `gsi2pk` is rewritten with `repEmail` by the
 * one write that changes the rep, so a change of rep moves the onboarding from one portfolio to the
 * other at once. Its sort key uses `createdAt`, which never changes, so progress writes need not
 * touch it. Profiles written before this index existed carry no `gsi2pk` (they are in no portfolio
 * until their rep changes, or a backfill sets it); a local data folder made before it has a table without
 * the index (dynalite cannot add one), where the queue page shows without the portfolio.
 * Step messages sort between PROFILE and WAIT#, so the one Query that reads an onboarding with its
 * waits reads its conversations too.
 * The profile also keeps which steps need attention, as string sets of wait keys
 * (`questionsToProviderSteps`, `questionsToMarketplaceSteps`, `undeliveredSteps`, see
 * dynamodb-attention.ts), so a portfolio row shows open questions and delivery problems from the
 * projected profile alone.
 * An action request's `email-sent` audit event is kept on its wait item (`notedEvents`, appended by
 * the notified note's write) instead of an EVENT# item of its own, and so is a decision's
 * `decision-recorded` event (appended by the conditional write that records the decision: the audit
 * is atomic with it; decisions recorded before this have an EVENT# item, written by whoever finished
 * them); the onboarding's events are listed by one Query over its partition. No request path scans.
 * A settled note says a decided wait's decision reached Step Functions and nothing about it is left
 * to do (`deliveredAt`): an item of its own, written in the one batch of the decision's companion
 * records (the queue removal, the stage duration sample) instead of an update of the wait after it.
 * It sorts between PROFILE and WAIT#, so the Query that reads an onboarding with its waits reads it
 * too; waits of one onboarding are read from SETTLED# on (one Query), one wait with its note by a
 * BatchGetItem of both keys. Waits delivered before it existed carry `deliveredAt` themselves. The
 * batch is not atomic: a crash between its rounds (unprocessed items retried) may leave the note
 * without the queue removal, which readers skip (the wait is decided), or without the duration
 * sample, which is then lost: one sample fewer among the newest hundred of its stage.
 * `expiresAt` (epoch seconds) is the TTL attribute: cleanup on AWS only; code always checks expiry itself.
 */
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAtEpoch',
  stageIndex: { name: 'by-stage', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  repIndex: { name: 'by-rep', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
} as const;

/** One of the table's global secondary indexes, as named in `TABLE_DESIGN`. */
export type IndexDesign = typeof TABLE_DESIGN.stageIndex | typeof TABLE_DESIGN.repIndex;

export const keys = {
  onboarding: (id: string) => ({ pk: `ONBOARDING#${id}`, sk: 'PROFILE' }),
  stage: (id: string, stage: string, product?: string) => ({
    pk: `ONBOARDING#${id}`,
    sk: `STAGE#${stage}#${product ?? '-'}`,
  }),
  wait: (id: string, waitKey: string) => ({ pk: `ONBOARDING#${id}`, sk: `WAIT#${waitKey}` }),
  /** Sorts after PROFILE and before THREAD# and WAIT#: read with the onboarding and its waits. */
  settled: (id: string, waitKey: string) => ({ pk: `ONBOARDING#${id}`, sk: `SETTLED#${waitKey}` }),
  event: (id: string, at: string, suffix: string) => ({
    pk: `ONBOARDING#${id}`,
    sk: `EVENT#${at}#${suffix}`,
  }),
  /** An action link, stored with its onboarding: its id starts with the onboarding's id. */
  stepLink: (onboardingId: string, idHash: string) => ({
    pk: `ONBOARDING#${onboardingId}`,
    sk: `STEP_LINK#${idHash}`,
  }),
  /** Where action links were stored before they moved in with their onboarding (read only). */
  link: (idHash: string) => ({ pk: `LINK#${idHash}`, sk: 'LINK' }),
  viewLink: (idHash: string) => ({ pk: `VIEW#${idHash}`, sk: 'VIEW' }),
  invitation: (idHash: string) => ({ pk: `INVITE#${idHash}`, sk: 'INVITE' }),
  /** Addresses are compared case-insensitively, so the partition uses the lower-cased address. */
  queue: (recipient: string) => ({ pk: `QUEUE#${recipient.toLowerCase()}` }),
  queueEntry: (recipient: string, enteredAt: string, id: string, waitKey: string) => ({
    pk: `QUEUE#${recipient.toLowerCase()}`,
    sk: `WAIT#${enteredAt}#${id}#${waitKey}`,
  }),
  startKey: (keyHash: string) => ({ pk: `START_KEY#${keyHash}`, sk: 'START_KEY' }),
  recentStart: (fingerprint: string) => ({ pk: `START#${fingerprint}`, sk: 'START' }),
  allowance: (key: string) => ({ pk: `ALLOWANCE#${key}`, sk: 'ALLOWANCE' }),
  /** One message of a step's conversation, under the submission that wrote it (see StepMessage). */
  message: (id: string, waitKey: string, submissionId: string) => ({
    pk: `ONBOARDING#${id}`,
    sk: `THREAD#${waitKey}#${submissionId}`,
  }),
  /** The exact text of an agreement version someone accepted, under its SHA-256 (content-addressed). */
  agreementText: (sha256: string) => ({ pk: `AGREEMENT#${sha256}`, sk: 'TEXT' }),
  stageDurationPartition: (stage: string) => `DURATIONS#${stage}`,
  stageDuration: (stage: string, at: string, sampleId: string) => ({
    pk: `DURATIONS#${stage}`,
    sk: `${at}#${sampleId}`,
  }),
  stageIndex: (stage: string, updatedAt: string, id: string) => ({
    gsi1pk: `STAGE#${stage}`,
    gsi1sk: `${updatedAt}#${id}`,
  }),
  /** Addresses are compared case-insensitively, so the partition uses the lower-cased address. */
  repIndex: (repEmail: string, createdAt: string, id: string) => ({
    gsi2pk: `REP#${repEmail.toLowerCase()}`,
    gsi2sk: `${createdAt}#${id}`,
  }),
};
