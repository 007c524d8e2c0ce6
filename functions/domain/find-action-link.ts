import { linkHomeOf, sha256Hex } from './action-links.ts';
import type { ActionLink } from './model.ts';
import type { OnboardingStore } from './ports.ts';

/**
 * The stored link behind an action link id, wherever its id says it lives (for tools that follow
 * emailed links: the demo, the smoke check's tests). Pages read a link with `resolveLink`.
 */
export async function findActionLink(
  store: Pick<OnboardingStore, 'getLink' | 'readLinkWithOnboarding'>,
  linkId: string,
): Promise<ActionLink | undefined> {
  const home = linkHomeOf(linkId);
  if (!home) return undefined;
  if (home.kind === 'own') return store.getLink(sha256Hex(linkId));
  return (await store.readLinkWithOnboarding(home.onboardingId, sha256Hex(linkId))).link;
}
