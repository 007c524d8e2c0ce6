import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readStackConfig, StackConfigError } from '../../infra/stack-config.ts';
import { CDK_JSON_CONTEXT, synthesizeStack } from './stack-fixture.ts';

/** cdk.json's sesIdentity is example.com: the zone below is that domain's. */
const ZONE = { hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'example.com' };

type Resource = { Type: string; Properties: Record<string, unknown> };
const recordsOf = (context: Record<string, unknown>) =>
  Object.values(synthesizeStack(context).template.toJSON().Resources as Record<string, Resource>).filter(
    (resource) => resource.Type === 'AWS::Route53::RecordSet',
  );
const identityOf = (context: Record<string, unknown>) =>
  Object.values(synthesizeStack(context).template.toJSON().Resources as Record<string, Resource>).filter(
    (resource) => resource.Type === 'AWS::SES::EmailIdentity',
  );
const configFrom = (context: Record<string, unknown>) =>
  readStackConfig(new App({ context: { ...CDK_JSON_CONTEXT, ...context } }).node);

describe('email DNS records in a Route 53 hosted zone', () => {
  const { template, logicalId, stack } = synthesizeStack(ZONE);
  const identity = logicalId(stack.node.findChild('Email').node.findChild('Identity'));

  it('creates the domain identity with DKIM signing and a MAIL FROM of mail.<domain>', () => {
    template.resourceCountIs('AWS::SES::EmailIdentity', 1);
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'example.com',
      DkimAttributes: { SigningEnabled: true },
      MailFromAttributes: { MailFromDomain: 'mail.example.com', BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
    });
  });

  it("publishes the identity's own three DKIM CNAMEs in the zone", () => {
    for (const n of [1, 2, 3]) {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        HostedZoneId: ZONE.hostedZoneId,
        Type: 'CNAME',
        Name: { 'Fn::GetAtt': [identity, `DkimDNSTokenName${n}`] },
        ResourceRecords: [{ 'Fn::GetAtt': [identity, `DkimDNSTokenValue${n}`] }],
      });
    }
    template.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Type: 'CNAME' }, 3);
  });

  it('publishes the MAIL FROM domain MX (SES feedback endpoint of the region) and SPF records', () => {
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      HostedZoneId: ZONE.hostedZoneId,
      Type: 'MX',
      Name: 'mail.example.com.',
      ResourceRecords: [
        { 'Fn::Join': ['', ['10 feedback-smtp.', { Ref: 'AWS::Region' }, '.amazonses.com']] },
      ],
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      HostedZoneId: ZONE.hostedZoneId,
      Type: 'TXT',
      Name: 'mail.example.com.',
      ResourceRecords: ['"v=spf1 include:amazonses.com ~all"'],
    });
  });

  it("publishes no DMARC record unless asked: a domain's DMARC record is often someone else's", () => {
    template.resourcePropertiesCountIs('AWS::Route53::RecordSet', { Name: '_dmarc.example.com.' }, 0);
    expect(recordsOf(ZONE)).toHaveLength(3 + 2);
  });

  it('publishes the DMARC record at _dmarc.<domain> when dmarcPolicy is set, with reports when asked', () => {
    const records = recordsOf({ ...ZONE, dmarcPolicy: 'quarantine', dmarcReportTo: 'dmarc@example.com' });
    expect(records.filter((record) => record.Properties.Name === '_dmarc.example.com.')).toEqual([
      {
        Type: 'AWS::Route53::RecordSet',
        Properties: {
          HostedZoneId: ZONE.hostedZoneId,
          Name: '_dmarc.example.com.',
          Type: 'TXT',
          TTL: '1800',
          ResourceRecords: ['"v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com"'],
        },
      },
    ]);
    const plain = recordsOf({ ...ZONE, dmarcPolicy: 'none' }).find(
      (record) => record.Properties.Name === '_dmarc.example.com.',
    );
    expect(plain?.Properties.ResourceRecords).toEqual(['"v=DMARC1; p=none"']);
  });

  it('takes another MAIL FROM subdomain, as a label or a full name', () => {
    for (const mailFromSubdomain of ['bounce', 'bounce.example.com']) {
      const records = recordsOf({ ...ZONE, mailFromSubdomain });
      expect(
        records
          .filter((record) => record.Properties.Name === 'bounce.example.com.')
          .map((r) => r.Properties.Type)
          .sort(),
      ).toEqual(['MX', 'TXT']);
      expect(identityOf({ ...ZONE, mailFromSubdomain })[0]?.Properties.MailFromAttributes).toMatchObject({
        MailFromDomain: 'bounce.example.com',
      });
    }
  });

  it('publishes in the parent zone for a subdomain identity', () => {
    const records = recordsOf({ ...ZONE, sesIdentity: 'news.example.com', dmarcPolicy: 'none' });
    expect(
      records
        .map((record) => record.Properties.Name)
        .filter((name) => typeof name === 'string')
        .sort(),
    ).toEqual(['_dmarc.news.example.com.', 'mail.news.example.com.', 'mail.news.example.com.']);
    expect(records.filter((record) => record.Properties.Type === 'CNAME')).toHaveLength(3);
  });
});

describe('email DNS without a hosted zone', () => {
  it('publishes no record, and sets no MAIL FROM unless asked', () => {
    expect(recordsOf({})).toEqual([]);
    const [identity] = identityOf({});
    expect(identity?.Properties).toMatchObject({
      EmailIdentity: 'example.com',
      DkimAttributes: { SigningEnabled: true },
    });
    expect(identity?.Properties.MailFromAttributes).toBeUndefined();
  });

  it('sets the MAIL FROM when mailFromSubdomain is given, leaving its records to be published by hand', () => {
    expect(recordsOf({ mailFromSubdomain: 'mail' })).toEqual([]);
    expect(identityOf({ mailFromSubdomain: 'mail' })[0]?.Properties.MailFromAttributes).toEqual({
      MailFromDomain: 'mail.example.com',
      BehaviorOnMxFailure: 'USE_DEFAULT_VALUE',
    });
  });
});

describe('email DNS settings checked at synth, in plain words', () => {
  const refused: [string, Record<string, unknown>, RegExp][] = [
    [
      'a zone id without its name',
      { hostedZoneId: ZONE.hostedZoneId },
      /hostedZoneId and hostedZoneName go together/,
    ],
    [
      'a zone name without its id',
      { hostedZoneName: 'example.com' },
      /hostedZoneId and hostedZoneName go together/,
    ],
    [
      'a zone id that is not one',
      { ...ZONE, hostedZoneId: 'example.com' },
      /hostedZoneId is the zone id Route 53 shows/,
    ],
    [
      'a zone of another domain',
      { ...ZONE, hostedZoneName: 'example.org' },
      /sesIdentity \(example.com\) must be the hosted zone's domain \(example.org\)/,
    ],
    [
      'a zone for an address identity',
      { ...ZONE, sesIdentity: 'onboarding@example.com' },
      /is an address; set sesIdentity to your domain/,
    ],
    [
      'a zone for an identity the stack does not create',
      { ...ZONE, sesIdentityExists: 'true' },
      /publishes DNS records only for an identity it creates/,
    ],
    [
      'an unknown DMARC policy',
      { ...ZONE, dmarcPolicy: 'strict' },
      /dmarcPolicy must be none, quarantine or reject/,
    ],
    [
      'a DMARC policy without a zone',
      { dmarcPolicy: 'none' },
      /dmarcPolicy publishes a record in the hosted zone/,
    ],
    [
      'a report address without a policy',
      { ...ZONE, dmarcReportTo: 'dmarc@example.com' },
      /dmarcReportTo goes with dmarcPolicy/,
    ],
    [
      'a report address that is not one',
      { ...ZONE, dmarcPolicy: 'none', dmarcReportTo: 'dmarc' },
      /dmarcReportTo is the address DMARC aggregate reports go to/,
    ],
    [
      'a MAIL FROM outside the identity domain',
      { mailFromSubdomain: 'mail.example.org' },
      /must be under the identity domain example.com/,
    ],
    [
      'a MAIL FROM that is the domain itself',
      { mailFromSubdomain: 'example.com' },
      /must be a subdomain of example.com/,
    ],
    [
      'a MAIL FROM that is no name',
      { mailFromSubdomain: 'mail_from' },
      /mailFromSubdomain is a name like mail/,
    ],
  ];
  for (const [what, context, message] of refused) {
    it(`refuses ${what}`, () => {
      expect(() => configFrom(context)).toThrow(StackConfigError);
      expect(() => configFrom(context)).toThrow(message);
    });
  }

  it('accepts a zone name with its trailing dot, and any case', () => {
    expect(configFrom({ ...ZONE, hostedZoneName: 'Example.COM.' }).hostedZone).toEqual({
      id: ZONE.hostedZoneId,
      name: 'example.com',
    });
  });
});
