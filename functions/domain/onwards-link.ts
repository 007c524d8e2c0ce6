import { type LinkState, overviewOf, resolveLink } from './action-link-flow.ts';
import { assertAllowed } from './authority/refused-error.ts';
import type { Dependencies } from './dependencies.ts';
import { mintViewLink } from './view-links.ts';

/**
 * The way on from a step that is over (done, or no longer needed): the link holder's own checklist or
 * queue, minted fresh on the page's POST (opening a page writes nothing). The policy decides
 * (`go-onwards`: only the step's holder, as for the page itself); a link past its time mints nothing, so a used link never outlives
 * its expiry through the page it leads to.
 */
export async function onwardsFromLink(
  deps: Dependencies,
  linkId: string,
): Promise<{ kind: 'onwards'; url: string } | { kind: 'none'; state: LinkState }> {
  const state = await resolveLink(deps, linkId);
  if (state.kind !== 'handed-over') {
    assertAllowed(deps.config, {
      credential: 'step-link',
      holder: state.link.recipient,
      action: 'go-onwards',
      onboarding: state.onboarding,
      wait: state.wait,
      linkRole: state.link.role,
    });
  }
  const over = state.kind === 'decided' || state.kind === 'closed';
  if (!over || Date.parse(state.link.expiresAt) <= deps.clock().getTime()) return { kind: 'none', state };
  const url = await mintViewLink(deps, overviewOf(state.wait, state.link.recipient));
  return { kind: 'onwards', url };
}
