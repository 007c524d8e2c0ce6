import { sha256Hex } from '../action-links.ts';
import { ONBOARDING_ID } from '../onboarding-ids.ts';

/**
 * Where a step's conversation is on a page. Wait keys carry product names (any text), so pages and
 * links name a conversation by a short hash of its wait key, never by the key itself.
 */
export function conversationAnchor(waitKey: string): string {
  return `conversation-${sha256Hex(waitKey).slice(0, 16)}`;
}

/** The query that opens a rep's queue at one step's conversation (a provider step is not in their queue). */
export function queueConversationQuery(onboardingId: string, waitKey: string): string {
  return new URLSearchParams({ onboarding: onboardingId, step: waitKey }).toString();
}

/** The step a queue page is asked to show the conversation of, if the query names one. */
export function conversationOfQuery(
  query: Record<string, string | undefined> | undefined,
): { onboardingId: string; waitKey: string } | undefined {
  const onboardingId = query?.onboarding;
  const waitKey = query?.step;
  if (!onboardingId || !waitKey || !ONBOARDING_ID.test(onboardingId) || waitKey.length > 400)
    return undefined;
  return { onboardingId, waitKey };
}
