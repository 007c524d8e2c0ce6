import { type Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { REPO_ROOT, repoPath } from './paths.ts';

/** Lets CommonJS dependencies call `require` from the ESM bundle. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export interface OnboardingFunctionProps {
  /** File name under `functions/handlers/`, without `.ts`; the module exports `handler`. */
  readonly handlerName: string;
  readonly description: string;
  /** 10 s for HTTP handlers, 30 s for state machine tasks. */
  readonly timeout: Duration;
  /** The table this function reads and writes; bound with its grant and TABLE_NAME in one step. */
  readonly table: dynamodb.Table;
  /** `read` for functions that only look (the stuck-onboarding check); default `read-write`. */
  readonly tableAccess?: 'read' | 'read-write';
  /** Configuration read by `loadConfig` (functions/config.ts), shared by every function. */
  readonly environment: Record<string, string>;
}

/**
 * One Lambda function with the project's defaults pinned in one place: Node.js 24 on arm64, X-Ray
 * active tracing, its own log group with retention, a role that may write only to that log group,
 * and an ESM bundle built by the local esbuild (no Docker).
 */
export class OnboardingFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: OnboardingFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role instead of AWSLambdaBasicExecutionRole: it may write only to its own log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.handlerName} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: repoPath('functions', 'handlers', `${props.handlerName}.ts`),
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      role: this.role,
      projectRoot: REPO_ROOT,
      depsLockFilePath: repoPath('package-lock.json'),
      // No NODE_OPTIONS=--enable-source-maps: it reads the map at every cold start. The functions map
      // their own stacks, reading the map with the first one (functions/runtime/source-mapped-stacks.ts).
      environment: props.environment,
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
      },
    });

    this.bindTable(props.table, props.tableAccess ?? 'read-write');

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions (AWS requires Resource "*"). It is the only wildcard resource in this role.',
    });
  }

  /** Access to the table and TABLE_NAME, always together. */
  private bindTable(table: dynamodb.Table, access: 'read' | 'read-write'): void {
    if (access === 'read') table.grantReadData(this.function);
    else table.grantReadWriteData(this.function);
    this.function.addEnvironment('TABLE_NAME', table.tableName);
    const tableLogicalId = Stack.of(this).resolve((table.node.defaultChild as dynamodb.CfnTable).logicalId);
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
      reason:
        "The table grant covers the table and its two indexes: by-stage (ops lists onboardings by stage, newest first; the stuck-onboarding check queries it per stage) and by-rep (a rep's portfolio on their queue page, one Query a page).",
    });
  }
}
