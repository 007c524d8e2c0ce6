import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Dependencies } from '../domain/dependencies.ts';
import { UserFacingError } from '../domain/errors.ts';
import {
  confirmInvitation,
  type InvitationState,
  resolveInvitation,
} from '../domain/people/confirm-invitation.ts';
import { inviteColleague } from '../domain/people/invite-colleague.ts';
import { removeMemberFromChecklist } from '../domain/people/remove-member.ts';
import { formatDateTime } from '../pages/format.ts';
import { renderInvitationPage } from '../pages/invitation-page.ts';
import { renderInvitePage, renderInviteSentPage } from '../pages/invite-page.ts';
import { renderMessagePage } from '../pages/message-page.ts';
import { checklistFormRefused } from './checklist-form-refusal.ts';
import { PAGE_HEADERS } from './page-headers.ts';
import { parseRequestBody } from './request-body.ts';
import { htmlResponse } from './responses.ts';

type Result = APIGatewayProxyStructuredResultV2;

/**
 * The provider team's pages: `POST /p/{id}/invite` (a checklist's "Invite a colleague") and the
 * primary contact's confirmation link `/t/{id}` (GET and HEAD show it, POST confirms).
 */
export function teamRoutes(deps: Dependencies, expired: () => Result) {
  const resources = deps.config.resources;
  const page = (statusCode: number, body: string): Result => htmlResponse(statusCode, body, PAGE_HEADERS);
  const message = (status: number, title: string, text: string) =>
    page(status, renderMessagePage({ title, message: text, status, resources }));

  /** A page whose way on is the person's own checklist. */
  const onwards = (title: string, text: string, checklistUrl: string) =>
    page(
      200,
      renderMessagePage({
        title,
        message: text,
        status: 200,
        resources,
        backUrl: new URL(checklistUrl).pathname,
        backLabel: 'Go to your onboarding checklist',
      }),
    );

  async function invite(event: APIGatewayProxyEventV2, linkId: string): Promise<Result> {
    const checklistUrl = `/p/${linkId}`;
    const inviteUrl = `${checklistUrl}/invite`;
    const fields = parseRequestBody(event);
    try {
      const outcome = await inviteColleague(deps, { linkId, fields });
      if (outcome.kind === 'expired') return expired();
      return page(
        200,
        renderInviteSentPage({
          outcome: outcome.kind,
          contactEmail: 'contactEmail' in outcome ? outcome.contactEmail : undefined,
          member: 'member' in outcome ? outcome.member : undefined,
          checklistUrl,
          resources,
        }),
      );
    } catch (error) {
      return checklistFormRefused(deps, { linkId, error, fields, expired }, (form) =>
        renderInvitePage({ ...form, inviteUrl, checklistUrl, resources }),
      );
    }
  }

  /** `POST /p/{id}/team/remove`: the primary contact takes a colleague off the team. */
  async function remove(event: APIGatewayProxyEventV2, linkId: string): Promise<Result> {
    const outcome = await removeMemberFromChecklist(deps, {
      linkId,
      fields: parseRequestBody(event, { accept: ['form'] }),
    });
    if (outcome.kind === 'expired') return expired();
    const { member, stepsReturned } = outcome;
    return page(
      200,
      renderMessagePage({
        title: `${member.name} is no longer on your team`,
        message: `${member.name} (${member.email}) was removed from the team; the links we emailed them no longer work.${stepsReturned > 0 ? ` ${stepsReturned} step(s) they had came back to you, each with a new link by email.` : ''}`,
        status: 200,
        resources,
        backUrl: `/p/${linkId}`,
        backLabel: 'Back to your checklist',
      }),
    );
  }

  function notOpen(state: Exclude<InvitationState, { kind: 'open' }>): Result {
    const { member } = state.invitation;
    switch (state.kind) {
      case 'confirmed':
        return message(
          200,
          `${member.name} is on your team`,
          `${member.name} (${member.email}) was added to the team on ${formatDateTime(state.invitation.confirmedAt ?? '')}. Nothing more is needed.`,
        );
      case 'expired':
        return message(
          410,
          'This link has expired',
          'Links in our emails work for a limited time. Ask your colleague to send the request again from their checklist.',
        );
      case 'contact-changed':
        return message(
          410,
          'This link is no longer yours to use',
          `The primary contact of ${state.onboarding.company}'s onboarding changed since this request was made. Ask for it again from the checklist: the new contact will be asked.`,
        );
    }
  }

  async function invitation(event: APIGatewayProxyEventV2, method: string, linkId: string): Promise<Result> {
    if (method === 'GET' || method === 'HEAD') {
      const state = await resolveInvitation(deps, linkId);
      const response =
        state.kind === 'open'
          ? page(
              200,
              renderInvitationPage({
                company: state.onboarding.company,
                inviter: state.inviter,
                member: state.invitation.member,
                resources,
              }),
            )
          : notOpen(state);
      return method === 'HEAD' ? { ...response, body: '' } : response;
    }
    if (method !== 'POST') throw new UserFacingError('This address only answers GET, HEAD and POST.', 405);
    parseRequestBody(event, { accept: ['form'] });
    const outcome = await confirmInvitation(deps, { linkId });
    const { member } = outcome.invitation;
    switch (outcome.kind) {
      case 'added':
        return onwards(
          `${member.name} is on your team`,
          `${member.name} (${member.email}) was added to the team and emailed their own link to the onboarding checklist.`,
          outcome.checklistUrl,
        );
      case 'already-added':
        return onwards(
          `${member.name} is on your team`,
          `${member.name} (${member.email}) is on the team already${outcome.invitation.confirmedAt ? ` (confirmed by ${outcome.invitation.confirmedBy ?? outcome.invitation.contactEmail} on ${formatDateTime(outcome.invitation.confirmedAt)})` : ''}. Nothing more is needed.`,
          outcome.checklistUrl,
        );
      default:
        return notOpen(outcome);
    }
  }

  return { invite, invitation, remove };
}
