import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface EmailSendingProps {
  /** A domain (`example.com`) or an address (`onboarding@example.com`) to verify. */
  readonly identity: string;
  /**
   * The identity is already verified in this account and region (CDK context `sesIdentityExists`):
   * use it instead of creating it, which CloudFormation refuses for an identity that exists.
   */
  readonly identityExists?: boolean;
  /** The address the functions send from: the only sender the recipient-identity grant allows. */
  readonly mailFrom: string;
  /** A Route 53 public hosted zone for the identity's domain: the DKIM, MAIL FROM and DMARC records go there. */
  readonly hostedZone?: { id: string; name: string };
  /** A custom MAIL FROM domain under the identity (`mail.example.com`), so SPF aligns with the sender's domain. */
  readonly mailFromDomain?: string;
  /** Publish a DMARC record (only with a hosted zone): a domain's DMARC record is often someone else's. */
  readonly dmarc?: { policy: 'none' | 'quarantine' | 'reject'; reportTo?: string };
}

/** The DMARC record's value: the policy, and where aggregate reports go when asked. */
export function dmarcRecordValue(dmarc: { policy: string; reportTo?: string }): string {
  return [`v=DMARC1`, `p=${dmarc.policy}`, ...(dmarc.reportTo ? [`rua=mailto:${dmarc.reportTo}`] : [])].join(
    '; ',
  );
}

/**
 * SES sending for the onboarding emails: the verified identity and a configuration set with reputation
 * metrics (bounce and complaint rates in CloudWatch) and TLS required for delivery. Functions get
 * send permission on this identity and configuration set, and on the account's verified recipients
 * (which SES authorizes too while the account is in the sandbox).
 */
export class EmailSending extends Construct {
  readonly identity: ses.IEmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetArn: string;
  private readonly mailFrom: string;

  constructor(scope: Construct, id: string, props: EmailSendingProps) {
    super(scope, id);
    this.mailFrom = props.mailFrom;
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    // An imported identity keeps its own default configuration set; every SendEmail names this
    // stack's set explicitly (SES_CONFIGURATION_SET), so events and metrics are the same either way.
    const zone = props.hostedZone
      ? route53.PublicHostedZone.fromPublicHostedZoneAttributes(this, 'HostedZone', {
          hostedZoneId: props.hostedZone.id,
          zoneName: props.hostedZone.name,
        })
      : undefined;
    this.identity = props.identityExists
      ? ses.EmailIdentity.fromEmailIdentityName(this, 'Identity', props.identity)
      : new ses.EmailIdentity(this, 'Identity', {
          identity: identityOf(props.identity, zone),
          configurationSet: this.configurationSet,
          // Easy DKIM (the default), said out loud: DKIM aligned with the From domain is what DMARC rests on.
          dkimSigning: true,
          // With a hosted zone, CDK also publishes the MAIL FROM domain's MX and SPF records. If the MX
          // record goes missing, SES falls back to its own MAIL FROM rather than refusing to send.
          ...(props.mailFromDomain && {
            mailFromDomain: props.mailFromDomain,
            mailFromBehaviorOnMxFailure: ses.MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
          }),
        });
    if (zone && props.dmarc) {
      new route53.TxtRecord(this, 'Dmarc', {
        zone,
        recordName: `_dmarc.${props.identity}`,
        values: [dmarcRecordValue(props.dmarc)],
      });
    }
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  /**
   * ses:SendEmail and ses:SendRawEmail on this identity and configuration set; and, from the stack's
   * sender address only, on the account's other identities. In the sandbox SES also checks the
   * caller may use each recipient's (verified) identity, so without that second statement the first
   * email to a verified recipient is AccessDenied.
   */
  grantSend(grantee: iam.IGrantable): iam.Grant {
    const actions = ['ses:SendEmail', 'ses:SendRawEmail'];
    const own = iam.Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns: [this.identity.emailIdentityArn, this.configurationSetArn],
    });
    const recipients = iam.Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns: [this.recipientIdentitiesArn()],
      conditions: { StringEquals: { 'ses:FromAddress': this.mailFrom } },
    });
    if (Construct.isConstruct(grantee.grantPrincipal)) {
      Validations.of(grantee.grantPrincipal).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${this.recipientIdentitiesArnForNag()}]`,
        reason:
          'In the SES sandbox, SendEmail is also authorized against each recipient identity, and which addresses ops verifies is not known at deploy time: the grant covers this account and region only, and only mail from the stack sender address (ses:FromAddress condition).',
      });
    }
    return own.combine(recipients);
  }

  private recipientIdentitiesArn(): string {
    return Stack.of(this).formatArn({
      service: 'ses',
      resource: 'identity',
      resourceName: '*',
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  /** How cdk-nag prints that ARN in its finding id (pseudo parameters in angle brackets). */
  private recipientIdentitiesArnForNag(): string {
    return 'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*';
  }
}

/**
 * What SES verifies. A domain in a hosted zone is a hosted-zone identity, so CDK publishes its DKIM
 * CNAMEs there (and its MAIL FROM records); the domain may be the zone's own or a subdomain of it.
 */
function identityOf(identity: string, zone: route53.IPublicHostedZone | undefined): ses.Identity {
  if (identity.includes('@')) return ses.Identity.email(identity);
  if (!zone) return ses.Identity.domain(identity);
  return identity === zone.zoneName
    ? ses.Identity.publicHostedZone(zone)
    : { value: identity, hostedZone: zone };
}
