/**
 * What DMARC asks of a sender, read from DNS text: the SPF and DMARC records and whether the
 * authenticated domains align with the From domain. Alignment is judged without the public suffix
 * list: relaxed alignment is taken to hold when one domain is the other or a subdomain of it, which
 * is what the stack sets up (identity example.com, MAIL FROM mail.example.com, From @example.com).
 */

/** One TXT record's value: DNS splits long values into strings of 255 characters at most. */
export const txtValue = (chunks: string[]): string => chunks.join('');

export interface DmarcPolicy {
  record: string;
  policy: string;
  /** `r` (relaxed, the default) or `s` (strict). */
  adkim: 'r' | 's';
  aspf: 'r' | 's';
}

/** The DMARC records among a name's TXT records (receivers ignore the rest). */
export const dmarcRecords = (txt: string[]): string[] =>
  txt.filter((value) => /^v=DMARC1\s*(;|$)/i.test(value));

/** The SPF records among a name's TXT records. */
export const spfRecords = (txt: string[]): string[] => txt.filter((value) => /^v=spf1(\s|$)/i.test(value));

export function parseDmarc(record: string): DmarcPolicy {
  const tags = new Map(
    record
      .split(';')
      .map((part) => part.trim().split('='))
      .filter((pair): pair is [string, string] => pair.length === 2)
      .map(([key, value]) => [key.trim().toLowerCase(), value.trim().toLowerCase()] as const),
  );
  return {
    record,
    policy: tags.get('p') ?? '(none given)',
    adkim: tags.get('adkim') === 's' ? 's' : 'r',
    aspf: tags.get('aspf') === 's' ? 's' : 'r',
  };
}

/** Whether an authenticated domain (DKIM d=, or the MAIL FROM) aligns with the From domain. */
export function aligned(authenticated: string, from: string, mode: 'r' | 's'): boolean {
  const a = authenticated.toLowerCase();
  const f = from.toLowerCase();
  if (mode === 's') return a === f;
  return a === f || a.endsWith(`.${f}`) || f.endsWith(`.${a}`);
}

/** Where receivers look for the From domain's DMARC policy: its own name, then its parent domain's. */
export function dmarcNames(fromDomain: string, identityDomain: string): string[] {
  const names = [fromDomain, identityDomain].map((domain) => `_dmarc.${domain.toLowerCase()}`);
  return [...new Set(names)];
}
