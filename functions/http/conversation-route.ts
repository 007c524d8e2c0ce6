import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Credential } from '../domain/authority/policy.ts';
import { assertAllowed } from '../domain/authority/refused-error.ts';
import { conversationAnchor, queueConversationQuery } from '../domain/conversation/conversation-links.ts';
import { postMessage } from '../domain/conversation/post-message.ts';
import type { Dependencies } from '../domain/dependencies.ts';
import { InvalidInputError, NotFoundError } from '../domain/errors.ts';
import { ONBOARDING_ID } from '../domain/onboarding-ids.ts';
import { credentialOf } from '../domain/open-step.ts';
import type { OnboardingRecord } from '../domain/ports.ts';
import { resolveViewLink, type ViewKind } from '../domain/view-links.ts';
import type { ConversationView } from '../pages/step-conversation.ts';
import { conversationView } from './conversation-views.ts';
import { PAGE_HEADERS } from './page-headers.ts';
import { parseRequestBody } from './request-body.ts';

type Result = APIGatewayProxyStructuredResultV2;

const NO_STEP = 'That step is not on this page any more. Reload the page and try again.';

/**
 * `POST /p/{id}/messages` and `POST /r/{id}/messages`: a question or an answer on one of the steps
 * the page shows (named by the form's `step`, and on a queue its `onboarding`). The policy decides
 * who may write on which step; the page comes back (303) at the conversation, so a reload sends nothing.
 */
export function conversationRoute(deps: Dependencies, expired: () => Result) {
  return async (event: APIGatewayProxyEventV2, view: ViewKind, linkId: string): Promise<Result> => {
    const state = await resolveViewLink(deps, view, linkId);
    if (state.kind === 'expired') return expired();
    const { link } = state;
    const { step, onboarding: named, ...fields } = asFields(parseRequestBody(event));
    const onboardingId = view === 'checklist' ? link.onboardingId : named;
    if (typeof onboardingId !== 'string' || !ONBOARDING_ID.test(onboardingId))
      throw new NotFoundError(NO_STEP);
    const record = await deps.store.readOnboarding(onboardingId);
    if (!record) throw new NotFoundError(NO_STEP);
    const wait = record.waits.find((candidate) => candidate.waitKey === step);
    const credential = credentialOf(link);
    // The policy first: a link that may not write here is told so, whatever the form says.
    assertAllowed(deps.config, {
      credential,
      holder: link.recipient,
      action: 'post-message',
      onboarding: record.onboarding,
      wait,
    });
    if (!wait) throw new NotFoundError(NO_STEP);
    try {
      await postMessage(deps, {
        credential,
        holder: link.recipient,
        record,
        wait,
        fields,
      });
    } catch (error) {
      // One form among several on the page: its problem is said in plain words on a page of its own.
      if (error instanceof InvalidInputError && Object.keys(error.fieldErrors).length > 0) {
        throw new InvalidInputError(
          `Your message was not sent: ${Object.values(error.fieldErrors).join(' ')} Go back to keep what you wrote.`,
        );
      }
      throw error;
    }
    const query = view === 'queue' ? `?${queueConversationQuery(onboardingId, wait.waitKey)}` : '';
    const location = `/${view === 'queue' ? 'r' : 'p'}/${linkId}${query}#${conversationAnchor(wait.waitKey)}`;
    return { statusCode: 303, headers: { ...PAGE_HEADERS, location }, body: '' };
  };
}

/**
 * The checklist's conversations: every step waiting now (where the reader may write, with a form),
 * and every earlier step that has something in its conversation; in the order the steps began.
 */
export function checklistConversations(
  deps: Pick<Dependencies, 'config'>,
  record: OnboardingRecord,
  reader: { credential: Credential; holder: string; formAction: string },
): ConversationView[] {
  const messages = record.messages ?? [];
  return [...record.waits]
    .sort((a, b) => a.enteredAt.localeCompare(b.enteredAt))
    .map((wait) => ({
      wait,
      view: conversationView(
        deps,
        { ...reader, onboarding: record.onboarding, wait, waits: record.waits, messages },
        { formAction: reader.formAction, form: { hidden: { step: wait.waitKey } }, stepTitle: true },
      ),
    }))
    .filter(({ wait, view }) => wait.status === 'pending' || view.thread.entries.length > 0)
    .map(({ view }) => view);
}

function asFields(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? { ...(body as Record<string, unknown>) } : {};
}
