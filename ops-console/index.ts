import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConflictError, InvalidInputError, UserFacingError } from '../functions/domain/errors.ts';
import { ONBOARDING_ID } from '../functions/domain/onboarding-ids.ts';
import { parseTeamLines } from '../functions/domain/people/team-lines.ts';
import { parseStartRequest } from '../functions/domain/start-onboarding-request.ts';
import { renderAuditPackPage } from '../functions/pages/audit-pack-page.ts';
import { html } from '../functions/pages/html.ts';
import { type LaidOutGraph, layoutMachine } from './asl-layout.ts';
import type { ConsoleSource } from './console-source.ts';
import { stateStatuses } from './execution-states.ts';
import { lifecycleEventsBody } from './lifecycle-events-page.ts';
import type { ActionProblem } from './ops-action-forms.ts';
import { CONSOLE_ACTIONS, type ConsoleAction, formValues, NOT_DONE } from './ops-actions.ts';
import { allOnboardings, funnel, timeline } from './ops-data.ts';
import { detailBody } from './ops-detail.ts';
import { renderOpsDocument } from './ops-layout.ts';
import { dashboardBody } from './ops-pages.ts';
import { hostOf, LOOPBACK_HOSTS, opsHeaders, readForm, sameOrigin, tokenMatches } from './request-guards.ts';
import { stageLabel } from './stage-label.ts';
import { filterOf, triageRow } from './triage.ts';

/**
 * The ops console under `/ops`: the local runtime serves it at `/ops` (its source: the in-process
 * engine and store), and `npm run console -- --stack NAME` serves it on the operator's machine (its
 * source: the deployed stack, through the AWS SDK and the signed people API). It reads and acts only
 * through its `ConsoleSource`. Being on loopback is not enough against other web pages: requests must
 * name a loopback host (no DNS rebinding), and every POST must come from this origin and carry this
 * console's token.
 */
export function opsConsole(source: ConsoleSource) {
  const csrf = randomBytes(32).toString('base64url');
  // Laid out once, on first need: on a stack the definition is a DescribeStateMachine away.
  let graph: Promise<LaidOutGraph> | undefined;
  const graphOf = (): Promise<LaidOutGraph> => {
    const laidOut = graph ?? source.machine().then(layoutMachine);
    graph = laidOut;
    laidOut.catch(() => {
      graph = undefined; // asked again on the next page
    });
    return laidOut;
  };
  const deps = { store: source.store, clock: source.clock };
  const stuckAfterDays = source.stuckAfterDays;

  const send = (response: ServerResponse, status: number, body: string, nonce: string, method: string) => {
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...opsHeaders(nonce) });
    response.end(method === 'HEAD' ? undefined : body);
  };
  const redirect = (response: ServerResponse, location: string) => {
    response.writeHead(303, { location, ...opsHeaders(randomBytes(16).toString('base64')) });
    response.end();
  };

  async function handle(
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
    search: URLSearchParams,
  ) {
    const method = request.method ?? 'GET';
    const nonce = randomBytes(16).toString('base64');
    const page = (status: number, title: string, body: ReturnType<typeof html>, refresh = true) =>
      send(
        response,
        status,
        renderOpsDocument({
          title,
          body,
          nonce,
          refresh,
          ...(source.kind === 'stack' ? { stack: source.where } : {}),
        }),
        nonce,
        method,
      );
    const message = (status: number, title: string, text: string) =>
      page(
        status,
        title,
        html`<h1>${title}</h1><p>${text}</p><p><a href="/ops">Back to all onboardings</a></p>`,
        false,
      );

    try {
      if (!LOOPBACK_HOSTS.has(hostOf(request.headers.host))) {
        return message(421, 'Wrong host', 'The ops console answers only on localhost.');
      }
      const segments = path.split('/').slice(2); // ['', 'ops', ...]
      const reading = method === 'GET' || method === 'HEAD';
      if (!reading) {
        if (method !== 'POST')
          return message(405, 'Not allowed', 'The ops console answers GET, HEAD and POST.');
        const fields = await readForm(request);
        if (!sameOrigin(request) || !tokenMatches(fields.get('csrf'), csrf)) {
          return message(
            403,
            'Not allowed',
            'This form did not come from the ops console. Reload the page and try again.',
          );
        }
        return await act(segments, fields);
      }
      if (segments.length === 0 || (segments.length === 1 && segments[0] === '')) {
        return await dashboard(200, search);
      }
      if (segments[0] === 'onboardings' && segments.length === 3 && segments[2] === 'audit') {
        const id = segments[1] ?? '';
        if (!ONBOARDING_ID.test(id)) return message(404, 'Not found', 'There is no such onboarding.');
        const pack = await source.auditPack(id);
        if (search.get('format') === 'json') {
          response.writeHead(200, {
            'content-type': 'application/json; charset=utf-8',
            'content-disposition': `attachment; filename="audit-${id}.json"`,
            ...opsHeaders(nonce),
          });
          return response.end(method === 'HEAD' ? undefined : JSON.stringify(pack, null, 2));
        }
        return send(response, 200, renderAuditPackPage(pack, { styleNonce: nonce }), nonce, method);
      }
      if (path === '/ops/events')
        return page(200, 'Lifecycle events', lifecycleEventsBody(source.events?.list() ?? [], search));
      if (segments[0] === 'onboardings' && segments.length === 2)
        return await detail(segments[1] ?? '', search.get('notice'), search.get('graph') === 'all');
      return message(404, 'Not found', 'There is no such page in the ops console.');
    } catch (error) {
      if (error instanceof UserFacingError)
        return message(error.statusCode, 'Something needs fixing', error.message);
      const explained = source.explain(error);
      if (explained) return message(explained.status, explained.title, explained.text);
      source.logger.error('Ops console request failed', { error });
      return message(
        500,
        'Something went wrong',
        'The ops console could not answer. Its log has the details.',
      );
    }

    async function dashboard(
      status: number,
      search: URLSearchParams,
      form?: Parameters<typeof dashboardBody>[0]['form'],
    ) {
      const onboardings = await allOnboardings(deps.store);
      const now = deps.clock();
      const rows = await Promise.all(
        onboardings.map(async (onboarding) => {
          const [waits, events] = await Promise.all([
            deps.store.listWaits(onboarding.id),
            deps.store.listEvents(onboarding.id),
          ]);
          return triageRow(onboarding, waits, events, now, stuckAfterDays);
        }),
      );
      const body = dashboardBody({
        rows,
        funnel: funnel(onboardings, stageLabel),
        filter: filterOf(search),
        csrf,
        form,
      });
      return page(status, form ? 'Error: Onboardings' : 'Onboardings', body);
    }

    async function detail(
      id: string,
      notice: string | null,
      wholeGraph: boolean,
      problem?: ActionProblem,
      status = 200,
    ) {
      if (!ONBOARDING_ID.test(id)) return message(404, 'Not found', 'There is no such onboarding.');
      const onboarding = await deps.store.getOnboarding(id);
      if (!onboarding) return message(404, 'Not found', 'There is no such onboarding.');
      const [waits, events, executions, laidOut, messages] = await Promise.all([
        deps.store.listWaits(id),
        deps.store.listEvents(id),
        source.executions(id),
        graphOf(),
        source.store.listMessages(id),
      ]);
      const execution = executions[0];
      const history = execution ? await source.history(execution.executionArn) : [];
      const body = detailBody({
        onboarding,
        waits: timeline(waits),
        messages,
        events,
        emails: await source.emails(events),
        execution,
        executions,
        graph: laidOut,
        statuses: execution ? stateStatuses(history, execution.status) : new Map(),
        csrf,
        notice: notice ?? undefined,
        wholeGraph,
        problem,
        now: deps.clock(),
        offers: source.offers,
      });
      return page(status, problem ? `Error: ${onboarding.company}` : onboarding.company, body, !problem);
    }

    async function act(segments: string[], fields: URLSearchParams) {
      if (segments.length === 1 && segments[0] === 'onboardings') {
        const values = Object.fromEntries(
          ['company', 'contactName', 'contactEmail', 'repEmail', 'team'].map((name) => [
            name,
            fields.get(name) ?? '',
          ]),
        );
        try {
          // The form carries a key minted when it was rendered: submitting it twice starts one onboarding.
          const { team, ...people } = values;
          const members = parseTeamLines((team ?? '').split('\n'));
          const request = parseStartRequest({
            ...people,
            ...(members.length > 0 ? { team: members } : {}),
            clientToken: fields.get('clientToken') || undefined,
            force: fields.get('force') === 'yes',
          });
          const started = await source.start(request);
          return redirect(response, `/ops/onboardings/${started}?notice=started`);
        } catch (error) {
          if (error instanceof ConflictError) {
            return await dashboard(409, new URLSearchParams(), {
              errors: {},
              values,
              summary: error.message,
            });
          }
          if (!(error instanceof InvalidInputError)) throw error;
          return await dashboard(400, new URLSearchParams(), {
            errors: error.fieldErrors,
            values,
            summary: 'The onboarding was not started.',
          });
        }
      }
      const id = segments[1] ?? '';
      if (segments[0] !== 'onboardings' || segments.length !== 3 || !ONBOARDING_ID.test(id)) {
        return message(404, 'Not found', 'There is no such action in the ops console.');
      }
      const action = CONSOLE_ACTIONS.find((name) => name === segments[2]);
      if (action) return await consoleAction(id, action, fields);
      if (segments[2] === 'resend') {
        const onboarding = await deps.store.getOnboarding(id);
        const wait = onboarding && (await deps.store.getWait(id, fields.get('wait') ?? ''));
        if (!onboarding || !wait) throw new UserFacingError('There is no such step.', 404);
        if (wait.status !== 'pending' || onboarding.status !== 'in-progress') {
          throw new UserFacingError('That step is no longer waiting, so no link was sent.', 409);
        }
        // To the recipient on file, as "send me a new link" does: never to an address from the form.
        const notice = await source.resend(onboarding, wait);
        return redirect(response, `/ops/onboardings/${id}?notice=${notice}`);
      }
      return message(404, 'Not found', 'There is no such action in the ops console.');
    }

    /** A people, stop or message form: done, back to the page with a notice; refused, the page again with the form's problems. */
    async function consoleAction(id: string, action: ConsoleAction, fields: URLSearchParams) {
      try {
        const notice = await source.act(id, action, fields);
        return redirect(response, `/ops/onboardings/${id}?notice=${notice}`);
      } catch (error) {
        // A form the page does not offer (stop on a stack) has no place to show its problem: a page says it.
        const offered = action !== 'stop' || source.offers.stop;
        if (!(error instanceof UserFacingError) || error.statusCode === 404 || !offered) throw error;
        const fieldErrors = error instanceof InvalidInputError ? error.fieldErrors : {};
        // Problems with a field are said by that field; the box says what was not done and links them.
        const message = Object.keys(fieldErrors).length > 0 ? NOT_DONE[action] : error.message;
        const values = formValues(action, fields);
        return await detail(id, null, false, { action, message, fieldErrors, values }, error.statusCode);
      }
    }
  }

  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ops' && !url.pathname.startsWith('/ops/')) return false;
    void handle(request, response, url.pathname, url.searchParams);
    return true;
  };
}
