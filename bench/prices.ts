/**
 * Published on-demand prices in us-east-1 (US East, N. Virginia), without free tiers, as read from
 * the AWS pricing pages in November 2026. Change them here when AWS does.
 */
export const US_EAST_1 = {
  /** https://aws.amazon.com/step-functions/pricing/ — Standard workflows. */
  stepFunctionsPerStateTransition: 0.025 / 1_000,
  /** https://aws.amazon.com/lambda/pricing/ — Arm (Graviton), first pricing tier. */
  lambdaPerRequest: 0.2 / 1_000_000,
  lambdaArmPerGbSecond: 0.0000133334,
  /** https://aws.amazon.com/dynamodb/pricing/on-demand/ — after the November 2024 reduction. */
  dynamodbPerWriteRequestUnit: 0.625 / 1_000_000,
  dynamodbPerReadRequestUnit: 0.125 / 1_000_000,
  /** https://aws.amazon.com/ses/pricing/ — outbound email. */
  sesPerEmail: 0.1 / 1_000,
  /** https://aws.amazon.com/api-gateway/pricing/ — HTTP APIs, first 300 million requests. */
  httpApiPerRequest: 1.0 / 1_000_000,
} as const;

/** The functions' configuration (infra/onboarding-function.ts): 512 MB on arm64. */
export const LAMBDA_MEMORY_GB = 0.5;

/**
 * Billed duration assumed per invocation. The local runtime does not run handlers in Lambda's
 * sandbox, so their duration there is no measure of Lambda's; the bench reports the action POST's
 * median as a check that this is generous.
 */
export const ASSUMED_LAMBDA_MS = 100;
