import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_AWS, LOCAL_TEAMS } from './config.ts';
import { type GateAnswer, type GateProxy, startGateProxy } from './gate-proxy.ts';

/** In the data folder: one verified address (or domain) per line; read at every send, so editing it needs no restart. */
export const VERIFIED_FILE = 'ses-verified.txt';

/**
 * `LOCAL_SES_SANDBOX=1 npm start`: the SES stand-in behaves like an SES account in the sandbox. A
 * SendEmail or SendRawEmail with any recipient that is not verified is refused the way SES refuses it
 * (HTTP 400 MessageRejected "Email address is not verified. ..."), before the stand-in stores it.
 * Verified: `LOCAL_SES_VERIFIED` (comma-separated), the lines of `<data folder>/ses-verified.txt`,
 * the local team mailboxes (ops, teams) and SES's mailbox simulator. An entry without `@` verifies a
 * whole domain, as a verified domain identity does.
 */
export async function startSesSandbox(options: {
  target: string;
  host: string;
  dataDir: string;
  verified: string[];
  onLog: (line: string) => void;
}): Promise<GateProxy> {
  const onLog = (line: string) => options.onLog(`[ses-sandbox] ${line}`);
  const proxy = await startGateProxy({
    target: options.target,
    host: options.host,
    name: 'SES sandbox',
    onLog,
    intercept: ({ body }) => {
      const unverified = unverifiedRecipients(body, verifiedIdentities(options));
      if (unverified.length === 0) return undefined;
      onLog(
        `refused an email to ${unverified.join(', ')}: not verified (add to ${VERIFIED_FILE} or LOCAL_SES_VERIFIED)`,
      );
      return messageRejected(unverified);
    },
  });
  onLog(`sandbox mode: only verified recipients receive email (${join(options.dataDir, VERIFIED_FILE)})`);
  return proxy;
}

function verifiedIdentities(options: { dataDir: string; verified: string[] }): Set<string> {
  const file = join(options.dataDir, VERIFIED_FILE);
  const fromFile = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((line) => line.replace(/#.*/, ''))
    : [];
  return new Set(
    [...options.verified, ...fromFile, ...Object.values(LOCAL_TEAMS), 'simulator.amazonses.com']
      .map((entry) => entry.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** The recipients of a query-protocol SendEmail / SendRawEmail that are not verified. */
export function unverifiedRecipients(body: string, verified: Set<string>): string[] {
  const form = new URLSearchParams(body);
  const action = form.get('Action');
  if (action !== 'SendEmail' && action !== 'SendRawEmail') return [];
  const recipients = [...form.entries()]
    .filter(([key]) =>
      /^Destination\.(To|Cc|Bcc)Addresses\.member\.\d+$|^Destinations\.member\.\d+$/.test(key),
    )
    .map(([, address]) => address);
  return recipients.filter((address) => {
    const lower = address.trim().toLowerCase();
    return !verified.has(lower) && !verified.has(lower.slice(lower.lastIndexOf('@') + 1));
  });
}

/** SES's own answer (query protocol, XML) to an unverified recipient in the sandbox. */
function messageRejected(addresses: string[]): GateAnswer {
  const message = `Email address is not verified. The following identities failed the check in region ${LOCAL_AWS.region.toUpperCase()}: ${addresses.join(', ')}`;
  return {
    status: 400,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': crypto.randomUUID() },
    body:
      '<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type>' +
      `<Code>MessageRejected</Code><Message>${escapeXml(message)}</Message></Error>` +
      `<RequestId>${crypto.randomUUID()}</RequestId></ErrorResponse>`,
  };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
