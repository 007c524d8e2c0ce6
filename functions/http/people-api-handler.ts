import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { buildAuditPack } from '../domain/audit-pack.ts';
import type { Action } from '../domain/authority/policy.ts';
import { assertAllowed } from '../domain/authority/refused-error.ts';
import { postMessageAsOps } from '../domain/conversation/ops-message.ts';
import type { Dependencies } from '../domain/dependencies.ts';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../domain/errors.ts';
import { ONBOARDING_ID } from '../domain/onboarding-ids.ts';
import { parseInput } from '../domain/parse-input.ts';
import { addProduct } from '../domain/people/add-product.ts';
import { changeContact } from '../domain/people/change-contact.ts';
import { handOverQueue } from '../domain/people/hand-over-queue.ts';
import { handOverStep } from '../domain/people/hand-over-step.ts';
import { pendingStep } from '../domain/people/pending-step.ts';
import { removeMember } from '../domain/people/remove-member.ts';
import type { WorkflowStarter, WorkflowStopper } from '../domain/ports.ts';
import { resendStepLink } from '../domain/resend-step-link.ts';
import { stopAndTell } from '../domain/stop-and-tell.ts';
import { requestIdOf, withLogContext } from '../observability/log-context.ts';
import { jsonApi } from './json-errors.ts';
import { parseRequestBody } from './request-body.ts';
import { iamPrincipalOf } from './request-context.ts';
import { jsonResponse } from './responses.ts';

/** Each route of one onboarding, as an action of the policy's `ops` row. */
const OPS_ACTIONS: Record<string, Action | undefined> = {
  'POST /onboardings/{onboardingId}/hand-over': 'hand-over-step',
  'POST /onboardings/{onboardingId}/contact': 'change-contact',
  'POST /onboardings/{onboardingId}/rep': 'change-rep',
  'POST /onboardings/{onboardingId}/products': 'add-product',
  'POST /onboardings/{onboardingId}/team/remove': 'remove-member',
  'POST /onboardings/{onboardingId}/stop': 'stop-onboarding',
  'POST /onboardings/{onboardingId}/resend': 'email-step-link',
  'GET /onboardings/{onboardingId}/audit': 'read-audit',
  'POST /onboardings/{onboardingId}/messages': 'post-message',
};

/** Adding a product continues the onboarding in a new execution: this Lambda starts and stops them. */
export interface PeopleApiControl {
  starter: WorkflowStarter;
  stopper: WorkflowStopper;
}

/**
 * The signed ops API for people who change (IAM, SigV4), the same changes as the CLI's --local
 * commands, with the caller's IAM principal ARN as the actor in the audit trail:
 *   POST /onboardings/{onboardingId}/hand-over  {stage, product?, after?, to, note?}
 *   POST /out-of-office                         {from, to, note?}
 *   POST /onboardings/{onboardingId}/contact    {email, name?, reason?}
 *   POST /onboardings/{onboardingId}/rep        {email, reason?}
 *   POST /onboardings/{onboardingId}/products   {product}
 *   POST /onboardings/{onboardingId}/team/remove {email, reason?}
 *   POST /onboardings/{onboardingId}/stop       {reason}
 *   POST /onboardings/{onboardingId}/resend     {stage, product?, after?}
 *   GET  /onboardings/{onboardingId}/audit
 *   POST /onboardings/{onboardingId}/messages    {stage, product?, after?, kind, message, submission}
 */
export function peopleApiHandler(deps: Dependencies, control: PeopleApiControl) {
  return withLogContext(
    (event: APIGatewayProxyEventV2, context: Context) => ({
      action: 'people-change',
      onboardingId: ONBOARDING_ID.test(event.pathParameters?.onboardingId ?? '')
        ? event.pathParameters?.onboardingId
        : undefined,
      requestId: requestIdOf(context),
    }),
    jsonApi(deps.logger).handler(async (event) => {
      const by = iamPrincipalOf(event);
      if (!by) throw new ForbiddenError('Sign the request with AWS credentials (SigV4) to change people.');
      const body = () => parseRequestBody(event, { accept: ['json'] });
      if (event.routeKey === 'POST /out-of-office') {
        const { from, ...fields } = await parseInput('outOfOffice', body(), 'Nothing was handed over');
        const result = await handOverQueue(deps, { from, fields, by });
        return jsonResponse(200, { from, to: fields.to, ...result });
      }
      const onboardingId = event.pathParameters?.onboardingId ?? '';
      if (!ONBOARDING_ID.test(onboardingId))
        throw new NotFoundError(`There is no onboarding "${onboardingId.slice(0, 60)}".`);
      // The one decision point for ops too: what may change depends on where the onboarding stands.
      const action = OPS_ACTIONS[event.routeKey];
      if (!action) throw new InvalidInputError(`This API has no route ${event.routeKey}.`);
      const onboarding = await deps.store.getOnboarding(onboardingId);
      if (!onboarding) throw new NotFoundError(`There is no onboarding "${onboardingId}".`);
      assertAllowed(deps.config, { credential: 'ops', holder: by, action, onboarding });
      switch (event.routeKey) {
        case 'POST /onboardings/{onboardingId}/team/remove': {
          const result = await removeMember(deps, { onboardingId, fields: body(), by });
          return jsonResponse(200, {
            onboardingId,
            removed: result.member.email,
            stepsReturned: result.stepsReturned,
          });
        }
        case 'POST /onboardings/{onboardingId}/hand-over': {
          const { stage, product, after, ...fields } = await parseInput(
            'handOverStep',
            body(),
            'The step was not handed over',
          );
          const waitKey = await pendingStep(deps.store, onboardingId, { stage, product, after });
          const result = await handOverStep(deps, { onboardingId, waitKey, fields, by });
          return jsonResponse(200, {
            onboardingId,
            stage,
            ...(product ? { product } : {}),
            outcome: result.kind,
            to: result.handover.to,
          });
        }
        case 'POST /onboardings/{onboardingId}/contact':
        case 'POST /onboardings/{onboardingId}/rep': {
          const who = event.routeKey.endsWith('/rep') ? 'rep' : 'provider';
          const fields =
            who === 'rep' ? await parseInput('repChange', body(), 'The rep was not changed') : body();
          const result = await changeContact(deps, { onboardingId, who, fields, by });
          return jsonResponse(200, { onboardingId, ...result });
        }
        case 'POST /onboardings/{onboardingId}/products': {
          const result = await addProduct(
            { ...deps, ...control, waits: deps.config.waits },
            { onboardingId, fields: body(), by },
          );
          return jsonResponse(201, { onboardingId, ...result });
        }
        case 'POST /onboardings/{onboardingId}/messages': {
          const result = await postMessageAsOps(deps, { onboardingId, fields: body(), by });
          return jsonResponse(result.kind === 'posted' ? 201 : 200, {
            onboardingId,
            outcome: result.kind,
            kind: result.message.kind,
            at: result.message.at,
          });
        }
        case 'POST /onboardings/{onboardingId}/stop': {
          const { reason } = await parseInput('stop', body(), 'The onboarding was not stopped');
          const result = await stopAndTell(deps, {
            onboarding,
            by,
            reason,
            // The execution the onboarding names is its running one (a resume records the new name).
            stopExecutions: async () =>
              (await control.stopper.stopExecution(onboarding.executionName, {
                error: 'Ops.Stopped',
                cause: 'Stopped through the ops API',
              }))
                ? 1
                : 0,
          });
          return jsonResponse(200, { onboardingId, ...result });
        }
        case 'POST /onboardings/{onboardingId}/resend': {
          const step = await parseInput('resend', body(), 'No link was sent');
          const wait = await deps.store.getWait(
            onboardingId,
            await pendingStep(deps.store, onboardingId, step),
          );
          if (!wait) throw new NotFoundError('There is no such step.');
          const outcome = await resendStepLink(deps, { onboarding, wait, by });
          return jsonResponse(200, { onboardingId, stage: wait.stage, outcome, to: wait.recipient });
        }
        case 'GET /onboardings/{onboardingId}/audit':
          return jsonResponse(200, await buildAuditPack(deps, onboardingId));
        default:
          throw new InvalidInputError(`This API has no route ${event.routeKey}.`);
      }
    }),
  );
}
