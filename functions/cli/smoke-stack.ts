import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { SmokeFailure } from './smoke-steps.ts';

/**
 * A deployed stack's outputs by key (CloudFormation DescribeStacks), for the smoke check. A stack
 * that does not exist, or lacks an output the check needs, fails with what to do about it.
 */
export async function readStackOutputs<Key extends string>(
  cloudformation: CloudFormationClient,
  where: { stack: string; region: string },
  required: readonly Key[],
): Promise<Record<Key, string> & Record<string, string | undefined>> {
  const stacks = await cloudformation
    .send(new DescribeStacksCommand({ StackName: where.stack }))
    .catch((error: unknown) => {
      if (error instanceof Error && /does not exist/.test(error.message)) {
        throw new SmokeFailure(
          `there is no stack ${where.stack} in ${where.region}. Deploy it first (npm run deploy), or name it with --stack and set AWS_REGION`,
        );
      }
      throw error;
    });
  const outputs: Record<string, string | undefined> = Object.fromEntries(
    (stacks.Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]),
  );
  const missing = required.filter((key) => !outputs[key]);
  if (missing.length > 0) {
    throw new SmokeFailure(
      `the stack has no output ${missing.join(', ')}: redeploy it with this version (npm run deploy)`,
    );
  }
  return outputs as Record<Key, string> & Record<string, string | undefined>;
}
