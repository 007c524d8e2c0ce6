/**
 * How a person who acted is named on a page or in an email a provider or staff member can read: their
 * address, or "the Marketplace team" for ops (an IAM principal ARN names an account and a user — an
 * internal identity no public page shows). The audit pack, which only ops read, keeps the ARN.
 */
export function publicName(actorId: string | undefined): string {
  if (!actorId) return 'someone';
  return actorId.includes('@') && !actorId.startsWith('arn:') ? actorId : 'the Marketplace team';
}
