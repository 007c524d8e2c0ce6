import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface EmailSendingProps {
  /** A domain (`example.com`) or an address (`onboarding@example.com`) to verify. */
  readonly identity: string;
}

/**
 * SES sending for the onboarding emails: the verified identity and a configuration set with reputation
 * metrics (bounce and complaint rates in CloudWatch) and TLS required for delivery. Functions get
 * send permission on exactly this identity and configuration set.
 */
export class EmailSending extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetArn: string;

  constructor(scope: Construct, id: string, props: EmailSendingProps) {
    super(scope, id);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    this.identity = new ses.EmailIdentity(this, 'Identity', {
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

  /** ses:SendEmail and ses:SendRawEmail on this identity and configuration set only. */
  grantSend(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resourceArns: [this.identity.emailIdentityArn, this.configurationSetArn],
    });
  }
}
