import { GetSendQuotaCommand, type SESClient } from '@aws-sdk/client-ses';
import {
  aligned,
  type DmarcPolicy,
  dmarcNames,
  dmarcRecords,
  parseDmarc,
  spfRecords,
  txtValue,
} from './email-alignment.ts';
import { type IdentityAuthentication, SES_SPF, STARTER_DMARC } from './smoke-email-records.ts';

/** DNS TXT lookups (node:dns/promises in the CLI; a stub in tests). */
export interface TxtResolver {
  resolveTxt(name: string): Promise<string[][]>;
}

export type CheckStatus = 'pass' | 'fail' | 'warn';

/** One deliverability check: what it found and, unless it passed, what to do. */
export interface CheckResult {
  status: CheckStatus;
  title: string;
  detail: string;
}

export const MARK: Record<CheckStatus, string> = { pass: '✔', fail: '✘', warn: '!' };

/** The send quota every sandbox account has (SES v1 GetSendQuota): 200 emails a day, one a second. */
const SANDBOX_QUOTA = { max24HourSend: 200, maxSendRate: 1 };

/**
 * Whether mail from the stack reaches inboxes with strict filters: DKIM and the MAIL FROM set up in
 * SES, SPF and DMARC published and aligned with the From domain, and the account out of the sandbox.
 * Each check runs whatever the others found, so one run lists everything left to do.
 */
export async function checkDeliverability(
  deps: { ses: SESClient; dns: TxtResolver },
  auth: IdentityAuthentication,
  fromAddress: string,
): Promise<CheckResult[]> {
  const fromDomain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1).toLowerCase();
  const dmarc = await findDmarc(deps.dns, fromDomain, auth.domain);
  return [
    dkimCheck(auth),
    mailFromCheck(auth),
    await spfCheck(deps.dns, auth, fromDomain, dmarc),
    dmarcCheck(auth, fromDomain, dmarc),
    await sandboxCheck(deps.ses),
  ];
}

function dkimCheck(auth: IdentityAuthentication): CheckResult {
  const title = `DKIM signs as ${auth.domain}`;
  const publish = `publish the ${auth.dkim.tokens.length || 'three'} DKIM CNAME records listed below (npm run smoke -- --records prints them alone)`;
  if (!auth.dkim.enabled) {
    return {
      status: 'fail',
      title,
      detail: `DKIM signing is turned off for ${auth.identity}: turn it on (SES console, the identity, Authentication), or receivers that require DKIM refuse or quarantine the mail`,
    };
  }
  switch (auth.dkim.status) {
    case 'Success':
      return { status: 'pass', title, detail: 'DKIM status SUCCESS' };
    case 'Pending':
      return {
        status: 'fail',
        title,
        detail: `DKIM is pending: SES has not found its records yet. ${capital(publish)}; SES looks for them for up to 72 hours, then run the smoke check again`,
      };
    case 'Failed':
      return {
        status: 'fail',
        title,
        detail: `DKIM failed: SES did not find its records within 72 hours and stopped looking. ${capital(publish)}, then restart DKIM verification in the SES console`,
      };
    case 'TemporaryFailure':
      return {
        status: 'fail',
        title,
        detail: `SES could not read the DKIM records just now (a DNS problem on the way) and will try again. Check that the CNAME records below resolve`,
      };
    default:
      return {
        status: 'fail',
        title,
        detail: `DKIM status is "${auth.dkim.status}": ${publish}`,
      };
  }
}

function mailFromCheck(auth: IdentityAuthentication): CheckResult {
  const mailFrom = auth.mailFrom;
  if (!mailFrom) {
    return {
      status: 'warn',
      title: 'Custom MAIL FROM domain',
      detail: `none: mail goes out with SES's own MAIL FROM (amazonses.com), so SPF passes for amazonses.com and never aligns with ${auth.domain}; DMARC then rests on DKIM alone. Deploy with -c mailFromSubdomain=mail (or with a hosted zone, where it is the default)`,
    };
  }
  const title = `MAIL FROM ${mailFrom.domain}`;
  const meanwhile = 'until then SES sends with its own MAIL FROM (amazonses.com), so SPF does not align';
  switch (mailFrom.status) {
    case 'Success':
      return { status: 'pass', title, detail: 'MAIL FROM status SUCCESS' };
    case 'Pending':
      return {
        status: 'warn',
        title,
        detail: `pending: SES has not found its MX record yet. Publish the MX and SPF records of ${mailFrom.domain} listed below; ${meanwhile}`,
      };
    case 'Failed':
      return {
        status: 'fail',
        title,
        detail: `failed: SES did not find the MX record of ${mailFrom.domain}. Publish its MX and SPF records listed below (SES checks again on its own); ${meanwhile}`,
      };
    default:
      return {
        status: 'fail',
        title,
        detail: `status "${mailFrom.status}": SES could not check the MX record of ${mailFrom.domain}. Check it resolves to the value listed below; ${meanwhile}`,
      };
  }
}

async function spfCheck(
  dns: TxtResolver,
  auth: IdentityAuthentication,
  fromDomain: string,
  dmarc: FoundDmarc,
): Promise<CheckResult> {
  const mailFrom = auth.mailFrom?.domain;
  if (!mailFrom) {
    return {
      status: 'warn',
      title: 'SPF aligned with the From domain',
      detail: `not aligned: without a custom MAIL FROM domain SPF covers amazonses.com, not ${fromDomain}`,
    };
  }
  const title = `SPF record of ${mailFrom}`;
  const lookup = await lookupTxt(dns, mailFrom);
  if (lookup.kind === 'error') return { status: 'warn', title, detail: lookup.detail };
  const records = spfRecords(lookup.values);
  if (records.length === 0) {
    return { status: 'fail', title, detail: `no SPF record: publish TXT "${SES_SPF}" at ${mailFrom}` };
  }
  if (records.length > 1) {
    return {
      status: 'fail',
      title,
      detail: `${records.length} SPF records, and receivers treat more than one as an error: keep one, "${SES_SPF}"`,
    };
  }
  if (!/\sinclude:amazonses\.com(\s|$)/i.test(records[0] ?? '')) {
    return {
      status: 'fail',
      title,
      detail: `the SPF record "${records[0]}" does not allow SES to send: add include:amazonses.com (it should read "${SES_SPF}")`,
    };
  }
  const mode = dmarc.kind === 'found' ? dmarc.policy.aspf : 'r';
  if (!aligned(mailFrom, fromDomain, mode)) {
    return {
      status: 'warn',
      title,
      detail:
        mode === 's'
          ? `present, but the DMARC record asks for strict SPF alignment (aspf=s), which a MAIL FROM subdomain never meets; DMARC then rests on DKIM alone`
          : `present, but ${mailFrom} is not under the From domain ${fromDomain}, so SPF does not align`,
    };
  }
  return { status: 'pass', title, detail: `present, allows SES, and aligns with ${fromDomain}` };
}

function dmarcCheck(auth: IdentityAuthentication, fromDomain: string, dmarc: FoundDmarc): CheckResult {
  const title = `DMARC record for ${fromDomain}`;
  const name = `_dmarc.${fromDomain}`;
  if (dmarc.kind === 'error') return { status: 'warn', title, detail: dmarc.detail };
  if (dmarc.kind === 'none') {
    return {
      status: 'fail',
      title,
      detail: `none found at ${dmarcNames(fromDomain, auth.domain).join(' or ')}. Gmail, Yahoo and Outlook require one of bulk senders, and strict company filters quarantine mail without it. Publish TXT "${STARTER_DMARC}; rua=mailto:<an address that reads the reports>" at ${name}, or deploy with -c dmarcPolicy=none in a hosted zone`,
    };
  }
  if (dmarc.kind === 'many') {
    return {
      status: 'fail',
      title,
      detail: `${dmarc.count} DMARC records at ${dmarc.name}, and receivers then apply none: keep one`,
    };
  }
  const { policy } = dmarc;
  const dkimAligned = aligned(auth.domain, fromDomain, policy.adkim);
  const spfAligned = auth.mailFrom ? aligned(auth.mailFrom.domain, fromDomain, policy.aspf) : false;
  if (!dkimAligned && !spfAligned) {
    return {
      status: 'fail',
      title,
      detail: `"${policy.record}" at ${dmarc.name}, but neither DKIM (${auth.domain}) nor the MAIL FROM aligns with ${fromDomain}${policy.adkim === 's' ? ' (adkim=s asks for the exact domain)' : ''}: send from an address at ${auth.domain}, or verify ${fromDomain} itself`,
    };
  }
  const how = [dkimAligned && 'DKIM', spfAligned && 'SPF'].filter(Boolean).join(' and ');
  const monitoring = policy.policy === 'none' ? ' (p=none only monitors: receivers get no instruction)' : '';
  return {
    status: 'pass',
    title,
    detail: `"${policy.record}" at ${dmarc.name}; ${how} aligned with ${fromDomain}${monitoring}`,
  };
}

async function sandboxCheck(ses: SESClient): Promise<CheckResult> {
  const quota = await ses.send(new GetSendQuotaCommand({}));
  const title = 'SES account out of the sandbox';
  if (
    quota.Max24HourSend === SANDBOX_QUOTA.max24HourSend &&
    quota.MaxSendRate === SANDBOX_QUOTA.maxSendRate
  ) {
    return {
      status: 'warn',
      title,
      detail:
        'the account looks to be in the SES sandbox (its quota is the sandbox one: 200 emails a day, 1 a second). SES then refuses mail to any address not verified in this account and region, so providers get no email. Request production access: SES console, Account dashboard, "Request production access"',
    };
  }
  return { status: 'pass', title, detail: `send quota ${quota.Max24HourSend} emails a day` };
}

type FoundDmarc =
  | { kind: 'found'; name: string; policy: DmarcPolicy }
  | { kind: 'many'; name: string; count: number }
  | { kind: 'none' }
  | { kind: 'error'; detail: string };

/** The From domain's DMARC policy: at its own name, else at the identity domain's (its parent). */
async function findDmarc(dns: TxtResolver, fromDomain: string, identityDomain: string): Promise<FoundDmarc> {
  for (const name of dmarcNames(fromDomain, identityDomain)) {
    const lookup = await lookupTxt(dns, name);
    if (lookup.kind === 'error') return lookup;
    const records = dmarcRecords(lookup.values);
    if (records.length > 1) return { kind: 'many', name, count: records.length };
    if (records[0]) return { kind: 'found', name, policy: parseDmarc(records[0]) };
  }
  return { kind: 'none' };
}

/** A name's TXT values; no such name (or no TXT record) is an empty list, any other failure an error. */
async function lookupTxt(
  dns: TxtResolver,
  name: string,
): Promise<{ kind: 'values'; values: string[] } | { kind: 'error'; detail: string }> {
  try {
    return { kind: 'values', values: (await dns.resolveTxt(name)).map(txtValue) };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') return { kind: 'values', values: [] };
    return {
      kind: 'error',
      detail: `the DNS lookup of ${name} failed (${code ?? String(error)}): check your network or resolver and run the smoke check again`,
    };
  }
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
