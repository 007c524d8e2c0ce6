import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
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
    this.identity = props.identityExists
      ? ses.EmailIdentity.fromEmailIdentityName(this, 'Identity', props.identity)
      : new ses.EmailIdentity(this, 'Identity', {
          identity: props.identity.includes('@')
            ? ses.Identity.email(props.identity)
            : ses.Identity.domain(props.identity),
          configurationSet: this.configurationSet,
        });
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
