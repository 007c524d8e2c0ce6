import type { Resources } from '../checklist/resources.ts';
import type { ExpectedTimes } from '../domain/expected-times.ts';
import type { ProviderChecklist } from '../domain/provider-checklist.ts';
import type { ConversationView } from './step-conversation.ts';

/** The provider's checklist page, behind the link in every provider email. Read-only but for its buttons. */
export interface ChecklistPageView {
  checklist: ProviderChecklist;
  resources: Resources;
  /** Where the step buttons POST (`/p/<id>/open`). */
  openUrl: string;
  /** False when this link can only have a step's link emailed (it was sent to others in copy). */
  opensSteps: boolean;
  /** How long each stage usually takes here; shown on steps not yet done. */
  expected: ExpectedTimes;
  /** Now (ISO), so due dates read "in 3 days". */
  now: string;
  /** Where "Invite a colleague" POSTs (`/p/<id>/invite`); no form without it. */
  inviteUrl?: string;
  /** Where "Publish another product" POSTs (`/p/<id>/products`); no form without it. */
  productUrl?: string;
  /** Where "Remove from the team" POSTs (`/p/<id>/team/remove`): the primary contact's own link only. */
  removeUrl?: string;
  /** Each step's conversation: every step waiting now, and any earlier step that has one. */
  conversations?: ConversationView[];
}
