import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_DESIGN } from '../functions/adapters/table-design.ts';

/**
 * The one DynamoDB table (keys from the shared TABLE_DESIGN, so AWS and the local runtime agree):
 * on-demand, point-in-time recovery, encrypted with the AWS-managed key, TTL for cleanup only, and
 * retained when the stack is deleted — it holds the audit trail of every onboarding.
 */
export class OnboardingTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const string = dynamodb.AttributeType.STRING;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_DESIGN.partitionKey, type: string },
      sortKey: { name: TABLE_DESIGN.sortKey, type: string },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TABLE_DESIGN.ttlAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_DESIGN.stageIndex.name,
      partitionKey: { name: TABLE_DESIGN.stageIndex.partitionKey, type: string },
      sortKey: { name: TABLE_DESIGN.stageIndex.sortKey, type: string },
      projectionType: dynamodb.ProjectionType.ALL,
    });
    // A rep's portfolio: one Query per page, rows straight from the projected profile.
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_DESIGN.repIndex.name,
      partitionKey: { name: TABLE_DESIGN.repIndex.partitionKey, type: string },
      sortKey: { name: TABLE_DESIGN.repIndex.sortKey, type: string },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
}
