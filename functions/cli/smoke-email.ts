import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { SESClient } from '@aws-sdk/client-ses';
import { type CheckResult, checkDeliverability, MARK, type TxtResolver } from './smoke-deliverability.ts';
import { formatRecords, readIdentityAuthentication, recordsFor } from './smoke-email-records.ts';
import { readStackOutputs } from './smoke-stack.ts';

export interface EmailCheckDependencies {
  cloudformation: CloudFormationClient;
  ses: SESClient;
  dns: TxtResolver;
  print(line: string): void;
}

/**
 * The smoke check's email part: each deliverability check as pass, fail or warn with what to do,
 * then the DNS records the identity needs. Returns false when any check failed (warnings pass).
 */
export async function checkEmail(
  deps: EmailCheckDependencies,
  where: { identity: string; mailFrom?: string; region: string },
): Promise<boolean> {
  deps.print(`Email deliverability of ${where.identity}:`);
  let results: CheckResult[];
  let records: string[];
  try {
    const auth = await readIdentityAuthentication(deps.ses, where.identity);
    results = await checkDeliverability(deps, auth, where.mailFrom ?? senderOf(where.identity));
    records = formatRecords(recordsFor(auth, where.region));
  } catch (error) {
    deps.print(
      `  ${MARK.fail}  Reading the identity from SES: ${error instanceof Error ? error.message : String(error)}`,
    );
    return false;
  }
  for (const result of results) deps.print(`  ${MARK[result.status]}  ${result.title}: ${result.detail}`);
  deps.print('  The DNS records this identity needs (the stack publishes them when it has a hosted zone):');
  for (const line of records) deps.print(line);
  return results.every((result) => result.status !== 'fail');
}

/** `npm run smoke -- --records`: only the DNS records, exactly as they must be published. */
export async function printRecords(
  deps: EmailCheckDependencies,
  where: { stack: string; region: string },
): Promise<boolean> {
  const outputs = await readStackOutputs(deps.cloudformation, where, ['SesIdentity']).catch(
    (error: unknown) => {
      deps.print(error instanceof Error ? `Cannot list the records: ${error.message}` : String(error));
      return undefined;
    },
  );
  if (!outputs) return false;
  const auth = await readIdentityAuthentication(deps.ses, outputs.SesIdentity);
  deps.print(`DNS records for ${outputs.SesIdentity} (stack ${where.stack}, ${where.region}):`);
  for (const line of formatRecords(recordsFor(auth, where.region))) deps.print(line);
  if (!auth.mailFrom) {
    deps.print(
      '  No custom MAIL FROM domain is set: deploy with -c mailFromSubdomain=mail for SPF to align.',
    );
  }
  return true;
}

/** Stacks deployed before the MailFrom output: a domain identity's sender is taken to be at that domain. */
const senderOf = (identity: string) => (identity.includes('@') ? identity : `sender@${identity}`);
