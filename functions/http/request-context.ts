import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';

/** Who is asking, as API Gateway saw it: recorded with every decision (DESIGN §2, audit). */
export function requesterOf(event: APIGatewayProxyEventV2): { ip?: string; userAgent?: string } {
  return {
    ip: event.requestContext?.http?.sourceIp,
    userAgent: event.requestContext?.http?.userAgent?.slice(0, 512),
  };
}

/** The IAM principal of a SigV4-signed request; undefined when the route was not IAM-authorized. */
export function iamPrincipalOf(event: APIGatewayProxyEventV2): string | undefined {
  const iam = (event as APIGatewayProxyEventV2WithIAMAuthorizer).requestContext?.authorizer?.iam;
  return iam?.userArn ?? (iam?.userId ? `${iam.accountId}:${iam.userId}` : undefined);
}
