import { SFNClient } from '@aws-sdk/client-sfn';
import type { AuditPack } from '../domain/audit-pack.ts';
import { renderAuditPackPage } from '../pages/audit-pack-page.ts';
import { signedFetch } from '../runtime/signed-fetch.ts';
import { opsMessageBody, type PEOPLE_COMMANDS, type PeopleOptions } from './people.ts';
import { peopleMessages } from './people-messages.ts';

/** One call to the signed ops API: the status and the JSON answer. */
export type PeopleApiCall = (
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: unknown }>;

/** A refusal or a failure of the API, in the API's own plain words. */
export class PeopleApiError extends Error {
  override name = 'PeopleApiError';
}

/**
 * The people commands without --local: each is one SigV4-signed request to the stack's HTTP API
 * (`--api`, the stack output ApiUrl), with the caller's AWS credentials and region as the AWS CLI
 * finds them. The functions do the change; the caller needs no table name, SES or state machine.
 */
export async function peopleApiCommand(
  command: (typeof PEOPLE_COMMANDS)[number],
  onboardingId: string | undefined,
  options: PeopleOptions,
  call: PeopleApiCall,
  out: (line: string) => void,
): Promise<number> {
  const onboarding = (route: string) => {
    if (!onboardingId)
      throw new PeopleApiError(`Name the onboarding: npm run onboarding -- ${command} ONBOARDING_ID …`);
    return `/onboardings/${encodeURIComponent(onboardingId)}/${route}`;
  };
  const note = options.note ?? options.reason;
  const send = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const answer = await call(method, path, body);
    if (answer.status >= 200 && answer.status < 300) return answer.body as T;
    const message = (answer.body as { message?: unknown } | undefined)?.message;
    throw new PeopleApiError(
      typeof message === 'string' ? message : `The API answered ${answer.status} to ${method} ${path}.`,
    );
  };
  switch (command) {
    case 'hand-over': {
      if (options.from) {
        const body = { from: options.from, to: options.to, note };
        out(peopleMessages.queueHandedOver(await send('POST', '/out-of-office', body)));
        return 0;
      }
      const body = {
        stage: options.stage,
        product: options.product,
        after: options.after,
        to: options.to,
        note,
      };
      out(peopleMessages.stepHandedOver(await send('POST', onboarding('hand-over'), body)));
      return 0;
    }
    case 'change-contact':
    case 'change-rep': {
      const who = command === 'change-rep' ? 'rep' : 'provider';
      const body = { email: options.email, name: options.name, reason: options.reason };
      out(
        peopleMessages.contactChanged(
          who,
          await send('POST', onboarding(who === 'rep' ? 'rep' : 'contact'), body),
        ),
      );
      return 0;
    }
    case 'remove-member':
      out(
        peopleMessages.memberRemoved(
          await send('POST', onboarding('team/remove'), { email: options.email, reason: options.reason }),
        ),
      );
      return 0;
    case 'add-product':
      out(
        peopleMessages.productAdded(await send('POST', onboarding('products'), { product: options.product })),
      );
      return 0;
    case 'ask':
    case 'answer': {
      const body = opsMessageBody(command === 'ask' ? 'question' : 'answer', options);
      out(peopleMessages.messagePosted(await send('POST', onboarding('messages'), body)));
      return 0;
    }
    case 'audit': {
      const format = options.format ?? 'json';
      if (format !== 'json' && format !== 'html') throw new PeopleApiError('--format is json or html.');
      const pack = await send<AuditPack>('GET', onboarding('audit'));
      out(format === 'json' ? JSON.stringify(pack, null, 2) : renderAuditPackPage(pack));
      return 0;
    }
  }
}

/**
 * Calls the API at `apiUrl` signed with the credentials and region the AWS SDK finds (environment,
 * profile, SSO, instance role), as `npm run smoke` does; the region may also come from the URL.
 */
export function signedPeopleApi(apiUrl: string): PeopleApiCall {
  const base = apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`;
  const sdk = new SFNClient({});
  return async (method, path, body) => {
    const region =
      (await sdk.config.region().catch(() => undefined)) ??
      /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/.exec(new URL(base).hostname)?.[1];
    if (!region)
      throw new PeopleApiError('No AWS region: set AWS_REGION to the region the stack is deployed in.');
    const response = await signedFetch(
      { method, url: new URL(path.slice(1), base).href, body },
      await sdk.config.credentials(),
      region,
    );
    return { status: response.status, body: await response.json().catch(() => undefined) };
  };
}
