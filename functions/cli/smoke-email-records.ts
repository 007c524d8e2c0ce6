import {
  GetIdentityDkimAttributesCommand,
  GetIdentityMailFromDomainAttributesCommand,
  type SESClient,
} from '@aws-sdk/client-ses';

/** One DNS record as it must be published. */
export interface DnsRecord {
  name: string;
  type: 'CNAME' | 'MX' | 'TXT';
  value: string;
  /** Why the record is there, in a few words. */
  purpose: string;
}

/** What SES knows about the identity's authentication: its DKIM tokens and its MAIL FROM settings. */
export interface IdentityAuthentication {
  identity: string;
  /** The domain DKIM signs as and DMARC is read for: the identity itself, or an address's domain. */
  domain: string;
  dkim: { enabled: boolean; status: string; tokens: string[] };
  mailFrom?: { domain: string; status: string; onMxFailure: string };
}

export async function readIdentityAuthentication(
  ses: SESClient,
  identity: string,
): Promise<IdentityAuthentication> {
  const [dkim, mailFrom] = await Promise.all([
    ses.send(new GetIdentityDkimAttributesCommand({ Identities: [identity] })),
    ses.send(new GetIdentityMailFromDomainAttributesCommand({ Identities: [identity] })),
  ]);
  const dkimOf = dkim.DkimAttributes?.[identity];
  const mailFromOf = mailFrom.MailFromDomainAttributes?.[identity];
  return {
    identity,
    domain: identity.slice(identity.lastIndexOf('@') + 1).toLowerCase(),
    dkim: {
      enabled: dkimOf?.DkimEnabled ?? false,
      status: dkimOf?.DkimVerificationStatus ?? 'NotStarted',
      tokens: dkimOf?.DkimTokens ?? [],
    },
    mailFrom: mailFromOf?.MailFromDomain
      ? {
          domain: mailFromOf.MailFromDomain,
          status: mailFromOf.MailFromDomainStatus ?? 'Pending',
          onMxFailure: mailFromOf.BehaviorOnMXFailure ?? 'UseDefaultValue',
        }
      : undefined,
  };
}

/** The SPF value the MAIL FROM domain publishes: SES's senders, soft fail for the rest. */
export const SES_SPF = 'v=spf1 include:amazonses.com ~all';

/** The DMARC record to publish when the domain has none: monitor first (p=none), then tighten. */
export const STARTER_DMARC = 'v=DMARC1; p=none';

/**
 * The records the identity needs, exactly as they must be published: the DKIM CNAMEs from its own
 * tokens; the MAIL FROM domain's MX (SES's feedback endpoint in this region) and SPF records; and a
 * starter DMARC record, for a domain that has none yet.
 */
export function recordsFor(auth: IdentityAuthentication, region: string): DnsRecord[] {
  const dkim = auth.dkim.tokens.map(
    (token): DnsRecord => ({
      name: `${token}._domainkey.${auth.domain}`,
      type: 'CNAME',
      value: `${token}.dkim.amazonses.com`,
      purpose: 'DKIM key',
    }),
  );
  const mailFrom: DnsRecord[] = auth.mailFrom
    ? [
        {
          name: auth.mailFrom.domain,
          type: 'MX',
          value: `10 feedback-smtp.${region}.amazonses.com`,
          purpose: 'MAIL FROM: bounces come back to SES',
        },
        { name: auth.mailFrom.domain, type: 'TXT', value: `"${SES_SPF}"`, purpose: 'MAIL FROM: SPF' },
      ]
    : [];
  const dmarc: DnsRecord = {
    name: `_dmarc.${auth.domain}`,
    type: 'TXT',
    value: `"${STARTER_DMARC}"`,
    purpose: 'DMARC, only if the domain has none yet',
  };
  return [...dkim, ...mailFrom, dmarc];
}

/** The records as lines of a table: name, type, value, purpose. */
export function formatRecords(records: DnsRecord[]): string[] {
  const width = (pick: (record: DnsRecord) => string) =>
    Math.max(...records.map((record) => pick(record).length));
  const nameWidth = width((record) => record.name);
  const valueWidth = width((record) => record.value);
  return records.map(
    (record) =>
      `     ${record.name.padEnd(nameWidth)}  ${record.type.padEnd(5)}  ${record.value.padEnd(valueWidth)}  (${record.purpose})`,
  );
}
