/**
 * The email DNS settings (hosted zone, MAIL FROM subdomain, DMARC) checked together: each rule
 * here is a combination CloudFormation or SES would refuse, or one that would silently publish
 * nothing, turned into a plain sentence at synth.
 */
export interface EmailDnsConfig {
  /** The Route 53 public hosted zone the records go in; without it the stack publishes none. */
  hostedZone?: { id: string; name: string };
  /** The full custom MAIL FROM domain (`mail.example.com`), when there is one. */
  mailFromDomain?: string;
  /** The DMARC record to publish at `_dmarc.<identity>` (only with a hosted zone, only when asked). */
  dmarc?: { policy: 'none' | 'quarantine' | 'reject'; reportTo?: string };
}

export interface EmailDnsContext {
  sesIdentityExists: boolean;
  hostedZoneId?: string;
  hostedZoneName?: string;
  mailFromSubdomain?: string;
  dmarcPolicy?: 'none' | 'quarantine' | 'reject';
  dmarcReportTo?: string;
}

/** The MAIL FROM subdomain the stack uses in a hosted zone when none is given. */
export const DEFAULT_MAIL_FROM_LABEL = 'mail';

/** The settings, once `emailDnsProblems` found nothing wrong with them. */
export function emailDnsConfig(context: EmailDnsContext, sesIdentity: string): EmailDnsConfig {
  const identity = sesIdentity.toLowerCase();
  const hostedZone =
    context.hostedZoneId && context.hostedZoneName
      ? { id: context.hostedZoneId, name: context.hostedZoneName }
      : undefined;
  // In a hosted zone the stack can publish the MX and SPF records, so it always sets a MAIL FROM;
  // without one it sets it only when asked, since until someone publishes those records SES
  // reports it failed (and sends with its own MAIL FROM meanwhile).
  const label = context.mailFromSubdomain ?? (hostedZone ? DEFAULT_MAIL_FROM_LABEL : undefined);
  const mailFromDomain =
    label === undefined ? undefined : label.endsWith(`.${identity}`) ? label : `${label}.${identity}`;
  const dmarc =
    context.dmarcPolicy === undefined
      ? undefined
      : {
          policy: context.dmarcPolicy,
          ...(context.dmarcReportTo ? { reportTo: context.dmarcReportTo } : {}),
        };
  return { hostedZone, mailFromDomain, dmarc };
}

/** What is wrong with the combination, one plain sentence each (none: it is fine). */
export function emailDnsProblems(context: EmailDnsContext, sesIdentity: string): string[] {
  const problems: string[] = [];
  const identity = sesIdentity.toLowerCase();
  const isAddress = identity.includes('@');
  const zoned = context.hostedZoneId !== undefined || context.hostedZoneName !== undefined;
  if (zoned && (context.hostedZoneId === undefined || context.hostedZoneName === undefined)) {
    problems.push(
      'hostedZoneId and hostedZoneName go together: give both (the zone id, Z…, and its domain, like example.com)',
    );
  }
  if (zoned && isAddress) {
    problems.push(
      `hostedZoneId: the stack publishes DNS records for a domain identity only, and sesIdentity (${sesIdentity}) is an address; set sesIdentity to your domain`,
    );
  }
  const zone = context.hostedZoneName;
  if (zone && !isAddress && identity !== zone && !identity.endsWith(`.${zone}`)) {
    problems.push(
      `sesIdentity (${sesIdentity}) must be the hosted zone's domain (${zone}) or a subdomain of it, for its records to go in that zone`,
    );
  }
  if (zoned && context.sesIdentityExists) {
    problems.push(
      'sesIdentityExists: the stack publishes DNS records only for an identity it creates; drop sesIdentityExists, or drop hostedZoneId and hostedZoneName and publish the records by hand (npm run smoke -- --records prints them)',
    );
  }
  if (context.mailFromSubdomain !== undefined) {
    if (isAddress) {
      problems.push(
        `mailFromSubdomain needs a domain identity, and sesIdentity (${sesIdentity}) is an address; set sesIdentity to your domain`,
      );
    } else if (context.sesIdentityExists) {
      problems.push(
        'mailFromSubdomain applies to an identity the stack creates; for an existing identity (sesIdentityExists) set its MAIL FROM domain in the SES console',
      );
    } else if (context.mailFromSubdomain === identity) {
      problems.push(
        `mailFromSubdomain must be a subdomain of ${identity}, not the domain itself (like mail)`,
      );
    } else if (
      context.mailFromSubdomain.includes('.') &&
      !context.mailFromSubdomain.endsWith(`.${identity}`)
    ) {
      problems.push(
        `mailFromSubdomain (${context.mailFromSubdomain}) must be under the identity domain ${identity}, like mail.${identity}, or just the label (mail)`,
      );
    }
  }
  if (context.dmarcPolicy !== undefined && !zoned) {
    problems.push(
      'dmarcPolicy publishes a record in the hosted zone: give hostedZoneId and hostedZoneName too, or publish the DMARC record by hand (npm run smoke -- --records prints one)',
    );
  }
  if (context.dmarcReportTo !== undefined && context.dmarcPolicy === undefined) {
    problems.push('dmarcReportTo goes with dmarcPolicy (none, quarantine or reject): give dmarcPolicy too');
  }
  return problems;
}
