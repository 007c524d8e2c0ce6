import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { createDocumentClient, createDynamoDbStore } from '../functions/adapters/dynamodb-store.ts';
import type { PeopleApiCall } from '../functions/cli/people-api.ts';
import { plainAwsProblem, StackProblem, type StackResources } from '../functions/cli/stack-outputs.ts';
import type { AuditPack } from '../functions/domain/audit-pack.ts';
import { DEFAULT_STUCK_AFTER_DAYS } from '../functions/domain/check-stuck-onboardings.ts';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  UserFacingError,
} from '../functions/domain/errors.ts';
import type { Logger } from '../functions/observability/logger.ts';
import type { AslMachine } from '../statemachine/definition.ts';
import type { ConsoleExecution, ConsoleSource, SentEmail } from './console-source.ts';
import { formValues, messageNotice, messageRequest } from './ops-actions.ts';
import { executionsOf } from './ops-data.ts';

export interface StackConsoleOptions {
  resources: StackResources;
  dynamodb: DynamoDBClient;
  sfn: SFNClient;
  /** The stack's signed people API (SigV4 with the operator's credentials): every change goes there. */
  api: PeopleApiCall;
  logger: Logger;
  stuckAfterDays?: number;
}

/**
 * The ops console's source for a deployed stack, with the operator's own AWS credentials: reads from
 * the table (DynamoDB Query/GetItem/BatchGetItem) and Step Functions (ListExecutions, GetExecutionHistory,
 * DescribeStateMachine for the graph); changes through the stack's signed people API, so the stack's
 * functions make them and the audit trail names the operator's IAM principal. Nothing is stored.
 */
export function stackConsoleSource(options: StackConsoleOptions): ConsoleSource {
  const { resources, sfn, api } = options;
  const where = `stack ${resources.stackName} in ${resources.region}`;
  const store = createDynamoDbStore({
    client: createDocumentClient(options.dynamodb),
    tableName: resources.tableName,
  });
  const lister = {
    listExecutions: async ({ maxResults, nextToken }: { maxResults: number; nextToken?: string }) => {
      const page = await sfn.send(
        new ListExecutionsCommand({ stateMachineArn: resources.stateMachineArn, maxResults, nextToken }),
      );
      return {
        executions: (page.executions ?? []).map(
          (execution): ConsoleExecution => ({
            executionArn: execution.executionArn ?? '',
            name: execution.name ?? '',
            status: execution.status ?? 'RUNNING',
            startDate: execution.startDate ?? new Date(0),
            ...(execution.stopDate ? { stopDate: execution.stopDate } : {}),
          }),
        ),
        nextToken: page.nextToken,
      };
    },
  };

  /** One call to the people API; its refusals become the errors the console's forms show. */
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const answer = await api(method, path, body);
    if (answer.status >= 200 && answer.status < 300) return answer.body as T;
    const said = answer.body as { message?: unknown; fieldErrors?: Record<string, string> } | undefined;
    const message =
      typeof said?.message === 'string' ? said.message : `The stack's API answered ${answer.status}.`;
    if (answer.status === 400 || answer.status === 422)
      throw new InvalidInputError(message, said?.fieldErrors ?? {});
    if (answer.status === 404) throw new NotFoundError(message);
    if (answer.status === 409) throw new ConflictError(message);
    if (answer.status === 403) {
      // API Gateway's own refusal (IAM) says "Forbidden" or names the action; the function's says why.
      const iam = /not authorized to perform|^Forbidden$/i.test(message);
      throw iam
        ? new ForbiddenError(
            `AWS refused execute-api:Invoke on ${resources.apiUrl} (${method} ${path}): your AWS identity is not allowed to call the stack's API (IAM denied it). Ask for that permission, or use a role that has it.`,
          )
        : new ForbiddenError(message);
    }
    throw new UserFacingError(message, answer.status >= 500 ? 502 : answer.status);
  };
  const onboardingPath = (onboardingId: string, route: string) =>
    `/onboardings/${encodeURIComponent(onboardingId)}/${route}`;

  return {
    where,
    kind: 'stack',
    offers: { resend: true, stop: true },
    store,
    clock: () => new Date(),
    logger: options.logger,
    stuckAfterDays: options.stuckAfterDays ?? DEFAULT_STUCK_AFTER_DAYS,
    machine: async () => {
      const { definition } = await sfn.send(
        new DescribeStateMachineCommand({ stateMachineArn: resources.stateMachineArn }),
      );
      const machine = JSON.parse(definition ?? '{}') as Partial<AslMachine>;
      if (!machine.States || !machine.StartAt)
        throw new UserFacingError(
          `The state machine ${resources.stateMachineArn} answered without its definition.`,
          502,
        );
      return machine as AslMachine;
    },
    executions: (onboardingId) => executionsOf(lister, onboardingId),
    history: async (executionArn) => {
      const events: HistoryEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(
          new GetExecutionHistoryCommand({
            executionArn,
            maxResults: 1000,
            nextToken,
            includeExecutionData: false,
          }),
        );
        events.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      return events.map((event) => ({
        type: event.type ?? '',
        ...(event.stateEnteredEventDetails
          ? { stateEnteredEventDetails: event.stateEnteredEventDetails }
          : {}),
        ...(event.stateExitedEventDetails ? { stateExitedEventDetails: event.stateExitedEventDetails } : {}),
      }));
    },
    // A stack keeps no copy of what it sent: the audit trail names each email's recipient and subject.
    emails: async (events) =>
      events.flatMap((event): SentEmail[] => {
        if (event.type !== 'email-sent' || !event.detail) return [];
        const subject = event.detail.replace(/^[a-z-]+: /, '').replace(/ \([^)]*\)$/, '');
        return [{ at: event.at, to: event.actor ? [event.actor] : [], cc: [], subject, kind: event.type }];
      }),
    auditPack: (onboardingId) => call<AuditPack>('GET', onboardingPath(onboardingId, 'audit')),
    start: async (request) =>
      (await call<{ onboardingId: string }>('POST', '/onboardings', request)).onboardingId,
    resend: async (onboarding, wait) => {
      // The stack emails the step's link to its recipient on file, within the same request limits.
      const answer = await call<{ outcome?: string }>('POST', onboardingPath(onboarding.id, 'resend'), {
        stage: wait.stage,
        product: wait.product,
      });
      return answer.outcome === 'suppressed'
        ? 'resend-limited'
        : answer.outcome === 'not-sent'
          ? 'not-sent'
          : 'resent';
    },
    act: async (onboardingId, action, form) => {
      const values = formValues(action, form);
      const given = (name: string) => (values[name]?.trim() ? values[name] : undefined);
      switch (action) {
        case 'hand-over': {
          const wait = await store.getWait(onboardingId, values.wait ?? '');
          if (!wait)
            throw new InvalidInputError('Choose the step to hand over.', {
              wait: 'Choose the step to hand over.',
            });
          const answer = await call<{ outcome?: string }>('POST', onboardingPath(onboardingId, 'hand-over'), {
            stage: wait.stage,
            product: wait.product,
            to: given('to'),
            note: given('note'),
          });
          return answer.outcome === 'already-handed-over' ? 'already-handed-over' : 'handed-over';
        }
        case 'contact':
          await call('POST', onboardingPath(onboardingId, 'contact'), {
            email: given('email'),
            name: given('name'),
            reason: given('reason'),
          });
          return 'contact-changed';
        case 'rep':
          await call('POST', onboardingPath(onboardingId, 'rep'), {
            email: given('email'),
            reason: given('reason'),
          });
          return 'rep-changed';
        case 'stop':
          await call('POST', onboardingPath(onboardingId, 'stop'), { reason: given('reason') });
          return 'stopped';
        case 'message': {
          // The stack's function checks the text, the limits and the submission id, as for `ask`/`answer`.
          const wait = await store.getWait(onboardingId, values.wait ?? '');
          if (!wait)
            throw new InvalidInputError('That step is not known here. Nothing was sent.', {
              wait: 'That step is not known here. Nothing was sent.',
            });
          const answer = await call<{ outcome?: string; kind?: string }>(
            'POST',
            onboardingPath(onboardingId, 'messages'),
            messageRequest(wait, values),
          );
          return messageNotice(answer.outcome, answer.kind);
        }
      }
    },
    explain: (error) => {
      const plain = plainAwsProblem(error, { action: 'a read of the stack', resource: where });
      if (!(plain instanceof StackProblem)) return undefined;
      const title = /^No AWS credentials/.test(plain.message)
        ? 'No AWS credentials'
        : /^AWS refused/.test(plain.message)
          ? 'AWS refused'
          : 'The stack cannot be read';
      return { status: 403, title, text: plain.message };
    },
  };
}
