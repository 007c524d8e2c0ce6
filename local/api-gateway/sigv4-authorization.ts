/** The parts of an `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header. */
export interface SigV4Authorization {
  accessKeyId: string;
  /** The credential scope: `<yyyymmdd>/<region>/<service>/aws4_request`. */
  scope: { date: string; region: string; service: string; terminator: string };
  signedHeaders: string[];
  signature: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** Parses a SigV4 Authorization header; undefined when it is not one or is incomplete. */
export function parseSigV4Authorization(header: string): SigV4Authorization | undefined {
  const trimmed = header.trim();
  if (!trimmed.startsWith(`${ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of trimmed.slice(ALGORITHM.length).split(',')) {
    const equals = part.indexOf('=');
    if (equals === -1) return undefined;
    fields.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const credential = fields.get('Credential')?.split('/');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (credential?.length !== 5 || !signedHeaders || !signature) return undefined;
  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = credential;
  return {
    accessKeyId,
    scope: { date, region, service, terminator },
    signedHeaders: signedHeaders.split(';').map((name) => name.toLowerCase()),
    signature: signature.toLowerCase(),
  };
}

/** `20260101T120000Z` → Date; undefined when malformed. */
export function parseAmzDate(value: string): Date | undefined {
  const parts = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!parts) return undefined;
  const [, year, month, day, hours, minutes, seconds] = parts.map(Number);
  const date = new Date(
    Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 0, hours ?? 0, minutes ?? 0, seconds ?? 0),
  );
  return Number.isNaN(date.getTime()) ? undefined : date;
}
