import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

/**
 * `--stack NAME`: what a deployed stack's outputs name (CloudFormation DescribeStacks), so that the
 * operator never pastes a table name, an ARN or a URL. Only outputs are read: nothing is stored.
 */

/** The outputs the ops tools use (infra/onboarding-stack.ts writes them). */
export interface StackResources {
  stackName: string;
  region: string;
  tableName: string;
  stateMachineArn: string;
  apiUrl: string;
  /** The lifecycle events' bus (a stack deployed before events has none: the CLI then publishes none). */
  eventBusName?: string;
}

const NEEDED = { TableName: 'tableName', StateMachineArn: 'stateMachineArn', ApiUrl: 'apiUrl' } as const;

/** A problem with the operator's AWS access or the stack, in plain words; exit code 1. */
export class StackProblem extends Error {
  override name = 'StackProblem';
}

export async function readStackResources(
  client: CloudFormationClient,
  stackName: string,
): Promise<StackResources> {
  const region = await client.config.region().catch(() => undefined);
  if (!region) {
    throw new StackProblem(
      `No AWS region: add --region (the region stack ${stackName} is deployed in) or set AWS_REGION.`,
    );
  }
  const answer = await client.send(new DescribeStacksCommand({ StackName: stackName })).catch((error) => {
    if (error instanceof Error && /does not exist/.test(error.message)) {
      throw new StackProblem(
        `There is no stack ${stackName} in ${region}: check the name (--stack) and the region (--region or AWS_REGION).`,
      );
    }
    throw plainAwsProblem(error, {
      action: 'cloudformation:DescribeStacks',
      resource: `stack ${stackName} in ${region}`,
    });
  });
  const outputs = new Map(
    (answer.Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']),
  );
  const missing = Object.keys(NEEDED).filter((key) => !outputs.get(key));
  if (missing.length > 0) {
    throw new StackProblem(
      `Stack ${stackName} has no output ${missing.join(', ')}: is it a marketplace onboarding stack? Redeploy it with this version (npm run deploy).`,
    );
  }
  const found = Object.fromEntries(
    Object.entries(NEEDED).map(([key, field]) => [field, outputs.get(key) as string]),
  ) as Pick<StackResources, (typeof NEEDED)[keyof typeof NEEDED]>;
  return { stackName, region, ...found, eventBusName: outputs.get('EventBusName') || undefined };
}

/**
 * What the CLI reads from its environment, filled from the stack's outputs; anything already set
 * (TABLE_NAME, STATE_MACHINE_ARN, ONBOARDING_API_URL, EVENT_BUS_NAME, EVENT_SOURCE) stays, as an override.
 */
export function stackEnvironment(
  resources: StackResources,
  env: Record<string, string | undefined>,
): Record<string, string> {
  return {
    AWS_REGION: env.AWS_REGION || resources.region,
    TABLE_NAME: env.TABLE_NAME || resources.tableName,
    STATE_MACHINE_ARN: env.STATE_MACHINE_ARN || resources.stateMachineArn,
    ONBOARDING_API_URL: env.ONBOARDING_API_URL || resources.apiUrl,
    // What the CLI does itself (a resume, a redrive) goes on the stack's bus, as its functions' facts do.
    ...(resources.eventBusName && {
      EVENT_BUS_NAME: env.EVENT_BUS_NAME || resources.eventBusName,
      EVENT_SOURCE: env.EVENT_SOURCE || resources.stackName,
    }),
  };
}

/**
 * An AWS SDK failure as the operator can act on it: no credentials, or IAM denied (naming the action
 * and the resource, from AWS's own answer when it says them). Anything else is returned unchanged.
 */
export function plainAwsProblem(error: unknown, attempted: { action: string; resource: string }): unknown {
  if (!(error instanceof Error)) return error;
  if (error.name === 'CredentialsProviderError' || /Could not load credentials/i.test(error.message)) {
    return new StackProblem(
      'No AWS credentials found: sign in as for the AWS CLI (aws sso login, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) and try again.',
    );
  }
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const denied =
    /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|UnrecognizedClientException)$/.test(
      error.name,
    ) ||
    (status === 403 && /not authorized|denied/i.test(error.message));
  if (!denied) return error;
  // AWS's answer usually reads "... is not authorized to perform: ACTION on resource: RESOURCE ...".
  const said = /perform: (\S+) on resource: (\S+)/.exec(error.message);
  const action = said?.[1] ?? attempted.action;
  const resource = said?.[2] ?? attempted.resource;
  return new StackProblem(
    `AWS refused ${action} on ${resource}: your AWS identity is not allowed to do that (IAM denied it). Ask for that permission, or use a role that has it.`,
  );
}
