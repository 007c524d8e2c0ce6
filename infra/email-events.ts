import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface EmailEventsProps {
  readonly configurationSet: ses.IConfigurationSet;
  /** The function that flags waiting steps and alerts the rep and ops (functions/handlers/email-events.ts). */
  readonly handler: lambda.IFunction;
}

/**
 * Bounces and complaints, as they happen: the configuration set publishes them to an encrypted SNS
 * topic, which invokes the email-events function. SES may publish only from this account's
 * configuration set, and may use the topic's key only to encrypt what it publishes.
 */
export class EmailEvents extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: EmailEventsProps) {
    super(scope, id);
    const key = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts SES bounce and complaint events on their SNS topic',
      enableKeyRotation: true,
    });
    key.grant(new iam.ServicePrincipal('ses.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'SES bounce and complaint events of the onboarding emails',
      masterKey: key,
      enforceSSL: true,
    });
    this.topic.addSubscription(new subscriptions.LambdaSubscription(props.handler));
    // CDK adds the topic policy letting SES publish, limited to this account's configuration set.
    new ses.ConfigurationSetEventDestination(this, 'BouncesAndComplaints', {
      configurationSet: props.configurationSet,
      destination: ses.EventDestination.snsTopic(this.topic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
  }
}
