import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  GetIdentityDkimAttributesCommand,
  GetIdentityMailFromDomainAttributesCommand,
  GetSendQuotaCommand,
  SESClient,
  type VerificationStatus,
} from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../functions/cli/smoke.ts';
import { checkEmail, type EmailCheckDependencies } from '../../../functions/cli/smoke-email.ts';

/**
 * The email part of npm run smoke, with SES stubbed at the client and DNS answered by a stub
 * resolver: each status gives its plain message, and the run's result (exit code 1 on any ✘).
 */
const ses = new SESClient({ region: 'eu-west-1' });
const cloudformation = new CloudFormationClient({ region: 'eu-west-1' });
const sesMock = mockClient(ses);
const cfnMock = mockClient(cloudformation);

let dnsRecords: Record<string, string[][]>;
let dnsFailure: string | undefined;
let lines: string[];
const lookedUp: string[] = [];
const deps: EmailCheckDependencies = {
  ses,
  cloudformation,
  dns: {
    async resolveTxt(name) {
      lookedUp.push(name);
      if (dnsFailure) throw Object.assign(new Error(`queryTxt ${dnsFailure} ${name}`), { code: dnsFailure });
      const found = dnsRecords[name];
      if (!found) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
      return found;
    },
  },
  print: (line) => lines.push(line),
};

const dkimIs = (DkimVerificationStatus: VerificationStatus, DkimEnabled = true) =>
  sesMock.on(GetIdentityDkimAttributesCommand).resolves({
    DkimAttributes: {
      'example.com': { DkimEnabled, DkimVerificationStatus, DkimTokens: ['aaa', 'bbb', 'ccc'] },
    },
  });
const mailFromIs = (MailFromDomainStatus: string | undefined) =>
  sesMock.on(GetIdentityMailFromDomainAttributesCommand).resolves({
    MailFromDomainAttributes: MailFromDomainStatus
      ? {
          'example.com': {
            MailFromDomain: 'mail.example.com',
            MailFromDomainStatus: MailFromDomainStatus as 'Success',
            BehaviorOnMXFailure: 'UseDefaultValue',
          },
        }
      : {},
  });

beforeEach(() => {
  sesMock.reset();
  cfnMock.reset();
  lines = [];
  lookedUp.length = 0;
  dnsFailure = undefined;
  dkimIs('Success');
  mailFromIs('Success');
  sesMock.on(GetSendQuotaCommand).resolves({ Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 0 });
  dnsRecords = {
    'mail.example.com': [['v=spf1 include:amazonses.com ~all']],
    '_dmarc.example.com': [['v=DMARC1; p=reject; rua=mailto:dmarc@example.com']],
  };
});

const check = (mailFrom = 'onboarding@example.com') =>
  checkEmail(deps, { identity: 'example.com', mailFrom, region: 'eu-west-1' });
const marked = (mark: '✔' | '✘' | '!') => lines.filter((line) => line.startsWith(`  ${mark}  `));

describe('npm run smoke: email deliverability', () => {
  it('passes every check on a domain set up as the docs say, and lists its records', async () => {
    expect(await check()).toBe(true);

    expect(marked('✔').map((line) => line.slice(5, line.indexOf(':')))).toEqual([
      'DKIM signs as example.com',
      'MAIL FROM mail.example.com',
      'SPF record of mail.example.com',
      'DMARC record for example.com',
      'SES account out of the sandbox',
    ]);
    expect(marked('✘')).toEqual([]);
    expect(marked('!')).toEqual([]);
    expect(lines.join('\n')).toContain('DKIM and SPF aligned with example.com');
    expect(lines.slice(-6).map((line) => line.trim().split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'aaa._domainkey.example.com CNAME aaa.dkim.amazonses.com',
      'bbb._domainkey.example.com CNAME bbb.dkim.amazonses.com',
      'ccc._domainkey.example.com CNAME ccc.dkim.amazonses.com',
      'mail.example.com MX 10',
      'mail.example.com TXT "v=spf1',
      '_dmarc.example.com TXT "v=DMARC1;',
    ]);
    expect(lines.join('\n')).toContain('10 feedback-smtp.eu-west-1.amazonses.com');
  });

  it('fails on pending DKIM, saying to publish the CNAMEs and wait', async () => {
    dkimIs('Pending');

    expect(await check()).toBe(false);

    expect(marked('✘')).toEqual([
      expect.stringMatching(
        /^ {2}✘ {2}DKIM signs as example\.com: DKIM is pending: SES has not found its records yet\. Publish the 3 DKIM CNAME records listed below .*up to 72 hours/,
      ),
    ]);
  });

  it('fails on failed DKIM and on DKIM turned off, each saying what to do', async () => {
    dkimIs('Failed');
    expect(await check()).toBe(false);
    expect(marked('✘')[0]).toContain('restart DKIM verification in the SES console');

    lines = [];
    dkimIs('Success', false);
    expect(await check()).toBe(false);
    expect(marked('✘')[0]).toContain('DKIM signing is turned off for example.com: turn it on');
  });

  it('fails on a failed MAIL FROM, saying which records to publish and what happens meanwhile', async () => {
    mailFromIs('Failed');

    expect(await check()).toBe(false);

    expect(marked('✘')).toEqual([
      '  ✘  MAIL FROM mail.example.com: failed: SES did not find the MX record of mail.example.com. Publish its MX and SPF records listed below (SES checks again on its own); until then SES sends with its own MAIL FROM (amazonses.com), so SPF does not align',
    ]);
  });

  it('warns (passing) on a pending MAIL FROM, and on none at all', async () => {
    mailFromIs('Pending');
    expect(await check()).toBe(true);
    expect(marked('!')[0]).toContain('MAIL FROM mail.example.com: pending');

    lines = [];
    mailFromIs(undefined);
    expect(await check()).toBe(true);
    expect(marked('!').map((line) => line.slice(5, line.indexOf(':')))).toEqual([
      'Custom MAIL FROM domain',
      'SPF aligned with the From domain',
    ]);
    expect(marked('!')[0]).toContain('Deploy with -c mailFromSubdomain=mail');
    expect(lines.join('\n')).not.toContain('feedback-smtp');
  });

  it('fails on a missing DMARC record, giving one to publish, after looking at the domain', async () => {
    delete dnsRecords['_dmarc.example.com'];

    expect(await check()).toBe(false);

    expect(marked('✘')).toEqual([
      '  ✘  DMARC record for example.com: none found at _dmarc.example.com. Gmail, Yahoo and Outlook require one of bulk senders, and strict company filters quarantine mail without it. Publish TXT "v=DMARC1; p=none; rua=mailto:<an address that reads the reports>" at _dmarc.example.com, or deploy with -c dmarcPolicy=none in a hosted zone',
    ]);
    expect(lookedUp).toContain('_dmarc.example.com');
  });

  it('reads the parent domain DMARC record for a From address at a subdomain', async () => {
    expect(await check('onboarding@news.example.com')).toBe(true);
    expect(lookedUp).toEqual(['_dmarc.news.example.com', '_dmarc.example.com', 'mail.example.com']);
    expect(marked('✔').find((line) => line.includes('DMARC'))).toContain('at _dmarc.example.com');
  });

  it('fails when neither DKIM nor SPF aligns with the From domain', async () => {
    dnsRecords['_dmarc.example.org'] = [['v=DMARC1; p=none']];

    expect(await check('onboarding@example.org')).toBe(false);

    expect(marked('✘').find((line) => line.includes('DMARC'))).toContain(
      'neither DKIM (example.com) nor the MAIL FROM aligns with example.org',
    );
  });

  it('warns that strict SPF alignment (aspf=s) never matches a MAIL FROM subdomain, DKIM still passing', async () => {
    dnsRecords['_dmarc.example.com'] = [['v=DMARC1; p=reject; aspf=s']];

    expect(await check()).toBe(true);

    expect(marked('!')[0]).toContain('strict SPF alignment (aspf=s)');
    expect(marked('✔').find((line) => line.includes('DMARC'))).toContain('DKIM aligned with example.com');
  });

  it('fails on a missing SPF record, on two of them, and on one that leaves SES out', async () => {
    for (const [records, said] of [
      [[], 'no SPF record: publish TXT "v=spf1 include:amazonses.com ~all" at mail.example.com'],
      [[['v=spf1 include:amazonses.com ~all'], ['v=spf1 -all']], '2 SPF records'],
      [[['v=spf1 include:_spf.google.com ~all']], 'does not allow SES to send: add include:amazonses.com'],
    ] as const) {
      lines = [];
      dnsRecords['mail.example.com'] = records.map((record) => [...record]);
      expect(await check()).toBe(false);
      expect(marked('✘')).toEqual([expect.stringContaining(said)]);
    }
  });

  it('joins a TXT record split in strings of 255 characters before reading it', async () => {
    dnsRecords['_dmarc.example.com'] = [['v=DMARC1; p=quar', 'antine']];
    expect(await check()).toBe(true);
    expect(lines.join('\n')).toContain('"v=DMARC1; p=quarantine" at _dmarc.example.com');
  });

  it('warns (without failing) on the sandbox, saying what it means and how to leave it', async () => {
    sesMock.on(GetSendQuotaCommand).resolves({ Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 });

    expect(await check()).toBe(true);

    expect(marked('!')).toEqual([
      '  !  SES account out of the sandbox: the account looks to be in the SES sandbox (its quota is the sandbox one: 200 emails a day, 1 a second). SES then refuses mail to any address not verified in this account and region, so providers get no email. Request production access: SES console, Account dashboard, "Request production access"',
    ]);
  });

  it('warns, instead of guessing, when DNS cannot be asked', async () => {
    dnsFailure = 'ETIMEOUT';

    expect(await check()).toBe(true);

    expect(marked('!').map((line) => line.slice(line.indexOf(':') + 2))).toEqual([
      'the DNS lookup of mail.example.com failed (ETIMEOUT): check your network or resolver and run the smoke check again',
      'the DNS lookup of _dmarc.example.com failed (ETIMEOUT): check your network or resolver and run the smoke check again',
    ]);
  });
});

describe('npm run smoke -- --records', () => {
  // Stubbed at the class: main builds its own clients. Set up here only, so the instance stubs above stand alone.
  const sesClassMock = () => mockClient(SESClient);
  const cfnClassMock = () => mockClient(CloudFormationClient);
  let sesClass: ReturnType<typeof sesClassMock>;
  let cfnClass: ReturnType<typeof cfnClassMock>;
  beforeEach(() => {
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    sesClass = sesClassMock();
    cfnClass = cfnClassMock();
    sesClass.on(GetIdentityDkimAttributesCommand).resolves({
      DkimAttributes: {
        'example.com': {
          DkimEnabled: true,
          DkimVerificationStatus: 'Pending',
          DkimTokens: ['aaa', 'bbb', 'ccc'],
        },
      },
    });
    sesClass.on(GetIdentityMailFromDomainAttributesCommand).resolves({
      MailFromDomainAttributes: {
        'example.com': {
          MailFromDomain: 'bounce.example.com',
          MailFromDomainStatus: 'Pending',
          BehaviorOnMXFailure: 'UseDefaultValue',
        },
      },
    });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    sesClass.restore();
    cfnClass.restore();
  });

  it('prints only the records of the stack identity, from its own DKIM tokens and MAIL FROM, exit code 0', async () => {
    cfnClass.on(DescribeStacksCommand, { StackName: 'Staging' }).resolves({
      Stacks: [
        {
          StackName: 'Staging',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [{ OutputKey: 'SesIdentity', OutputValue: 'example.com' }],
        },
      ],
    });
    const printed: string[] = [];

    expect(await main(['--records', '--stack', 'Staging'], (line) => printed.push(line))).toBe(0);

    expect(printed[0]).toBe('DNS records for example.com (stack Staging, eu-west-1):');
    expect(
      printed.slice(1).map((line) =>
        line
          .trim()
          .split(/\s{2,}/)
          .slice(0, 3),
      ),
    ).toEqual([
      ['aaa._domainkey.example.com', 'CNAME', 'aaa.dkim.amazonses.com'],
      ['bbb._domainkey.example.com', 'CNAME', 'bbb.dkim.amazonses.com'],
      ['ccc._domainkey.example.com', 'CNAME', 'ccc.dkim.amazonses.com'],
      ['bounce.example.com', 'MX', '10 feedback-smtp.eu-west-1.amazonses.com'],
      ['bounce.example.com', 'TXT', '"v=spf1 include:amazonses.com ~all"'],
      ['_dmarc.example.com', 'TXT', '"v=DMARC1; p=none"'],
    ]);
    expect(sesClass.commandCalls(GetSendQuotaCommand)).toHaveLength(0);
  });

  it('says to deploy first when there is no such stack, exit code 1', async () => {
    cfnClass
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error('Stack with id Nope does not exist'), { name: 'ValidationError' }));
    const printed: string[] = [];

    expect(await main(['--records', '--stack', 'Nope'], (line) => printed.push(line))).toBe(1);

    expect(printed).toEqual([
      'Cannot list the records: there is no stack Nope in eu-west-1. Deploy it first (npm run deploy), or name it with --stack and set AWS_REGION',
    ]);
  });
});
