import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { iamPrincipalOf } from '../../../functions/http/request-context.ts';
import {
  ACCOUNT_ID,
  gatewayWith,
  jsonOf,
  LOCAL_CREDENTIALS,
  StubHandler,
  send,
  signedHeaders,
} from './harness.ts';

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const BODY = JSON.stringify({ company: 'Acme Software', contactEmail: 'ada@acme.example' });

async function startOnboardingRoute() {
  const stub = new StubHandler(() => ({ statusCode: 201, body: '{"onboardingId":"onb-1"}' }));
  const { gateway, logs } = await gatewayWith([
    { method: 'POST', path: '/onboardings', auth: 'iam', handler: stub.handler },
    { method: 'POST', path: '/callbacks/{onboardingId}', auth: 'iam', handler: stub.handler },
  ]);
  return { stub, gateway, logs };
}

describe('an IAM route', () => {
  it('refuses an unsigned request with 403 Missing Authentication Token', async () => {
    // Arrange
    const { stub, gateway } = await startOnboardingRoute();

    // Act
    const response = await send(gateway, {
      method: 'POST',
      path: '/onboardings',
      headers: { 'content-type': 'application/json' },
      body: BODY,
    });

    // Assert
    expect(response.status).toBe(403);
    expect(jsonOf(response)).toEqual({ message: 'Missing Authentication Token' });
    expect(stub.events).toHaveLength(0);
  });

  it('invokes the handler with the IAM authorizer context for a request signed with the local credentials', async () => {
    // Arrange
    const { stub, gateway } = await startOnboardingRoute();
    const headers = await signedHeaders(gateway, {
      method: 'POST',
      path: '/onboardings',
      headers: { 'content-type': 'application/json' },
      body: BODY,
    });

    // Act
    const response = await send(gateway, { method: 'POST', path: '/onboardings', headers, body: BODY });

    // Assert
    expect(response.status).toBe(201);
    const event = stub.lastEvent as APIGatewayProxyEventV2WithIAMAuthorizer;
    expect(event.requestContext.authorizer.iam).toEqual({
      accessKey: LOCAL_CREDENTIALS.accessKeyId,
      accountId: ACCOUNT_ID,
      callerId: LOCAL_CREDENTIALS.accessKeyId,
      cognitoIdentity: null,
      principalOrgId: null,
      userArn: `arn:aws:iam::${ACCOUNT_ID}:user/${LOCAL_CREDENTIALS.accessKeyId}`,
      userId: LOCAL_CREDENTIALS.accessKeyId,
    });
    expect(iamPrincipalOf(event)).toBe(`arn:aws:iam::${ACCOUNT_ID}:user/local-key`);
    expect(event.body).toBe(BODY);
  });

  it('accepts a signed request with percent-encoded path and query, and without x-amz-content-sha256', async () => {
    // Arrange
    const { stub, gateway } = await startOnboardingRoute();
    const path = '/callbacks/onb%201';
    const headers = await signedHeaders(gateway, {
      method: 'POST',
      path,
      query: { note: 'a b/c', dryRun: 'true' },
      headers: { 'content-type': 'application/json' },
      body: BODY,
      applyChecksum: false,
    });

    // Act
    const response = await send(gateway, {
      method: 'POST',
      path: `${path}?note=a%20b%2Fc&dryRun=true`,
      headers,
      body: BODY,
    });

    // Assert
    expect(headers['x-amz-content-sha256']).toBeUndefined();
    expect(response.status).toBe(201);
    expect(stub.lastEvent.pathParameters).toEqual({ onboardingId: 'onb 1' });
    expect(stub.lastEvent.queryStringParameters).toEqual({ note: 'a b/c', dryRun: 'true' });
  });

  it('refuses a request signed with the wrong secret', async () => {
    // Arrange
    const { stub, gateway, logs } = await startOnboardingRoute();
    const headers = await signedHeaders(gateway, {
      method: 'POST',
      path: '/onboardings',
      headers: { 'content-type': 'application/json' },
      body: BODY,
      credentials: { accessKeyId: LOCAL_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' },
    });

    // Act
    const response = await send(gateway, { method: 'POST', path: '/onboardings', headers, body: BODY });

    // Assert
    expect(response.status).toBe(403);
    expect(jsonOf(response)).toEqual({ message: SIGNATURE_MISMATCH });
    expect(stub.events).toHaveLength(0);
    expect(logs).toContainEqual(
      expect.stringMatching(/^POST \/onboardings 403 \d+ms \(signature mismatch\)$/),
    );
  });

  it('refuses a request signed with an access key it does not know', async () => {
    // Arrange
    const { gateway } = await startOnboardingRoute();
    const headers = await signedHeaders(gateway, {
      method: 'POST',
      path: '/onboardings',
      body: BODY,
      credentials: { accessKeyId: 'AKIAOTHER', secretAccessKey: LOCAL_CREDENTIALS.secretAccessKey },
    });

    // Act
    const response = await send(gateway, { method: 'POST', path: '/onboardings', headers, body: BODY });

    // Assert
    expect(response.status).toBe(403);
    expect(jsonOf(response)).toEqual({ message: SIGNATURE_MISMATCH });
  });

  it('refuses a body changed after signing, with or without x-amz-content-sha256', async () => {
    // Arrange
    const { stub, gateway } = await startOnboardingRoute();
    const tampered = BODY.replace('Acme', 'Evil');
    const withHash = await signedHeaders(gateway, { method: 'POST', path: '/onboardings', body: BODY });
    const withoutHash = await signedHeaders(gateway, {
      method: 'POST',
      path: '/onboardings',
      body: BODY,
      applyChecksum: false,
    });

    // Act
    const responses = await Promise.all(
      [withHash, withoutHash].map((headers) =>
        send(gateway, { method: 'POST', path: '/onboardings', headers, body: tampered }),
      ),
    );

    // Assert
    expect(responses.map((response) => response.status)).toEqual([403, 403]);
    expect(responses.map(jsonOf)).toEqual([{ message: SIGNATURE_MISMATCH }, { message: SIGNATURE_MISMATCH }]);
    expect(stub.events).toHaveLength(0);
  });

  it('refuses a request signed for another path than the one it was sent to', async () => {
    // Arrange
    const { gateway } = await startOnboardingRoute();
    const headers = await signedHeaders(gateway, { method: 'POST', path: '/callbacks/onb-1', body: BODY });

    // Act
    const response = await send(gateway, { method: 'POST', path: '/callbacks/onb-2', headers, body: BODY });

    // Assert
    expect(response.status).toBe(403);
  });

  it('refuses a signature dated more than 15 minutes ago, or ahead', async () => {
    // Arrange
    const { gateway } = await startOnboardingRoute();
    const sixteenMinutes = 16 * 60 * 1000;
    const old = await signedHeaders(gateway, {
      method: 'POST',
      path: '/onboardings',
      body: BODY,
      signingDate: new Date(Date.now() - sixteenMinutes),
    });
    const ahead = await signedHeaders(gateway, {
      method: 'POST',
      path: '/onboardings',
      body: BODY,
      signingDate: new Date(Date.now() + sixteenMinutes),
    });

    // Act
    const responses = await Promise.all(
      [old, ahead].map((headers) =>
        send(gateway, { method: 'POST', path: '/onboardings', headers, body: BODY }),
      ),
    );

    // Assert
    expect(responses.map((response) => response.status)).toEqual([403, 403]);
    expect(responses.map(jsonOf)).toEqual([{ message: SIGNATURE_MISMATCH }, { message: SIGNATURE_MISMATCH }]);
  });

  it('accepts a signature dated a few minutes ago (clock skew within the window)', async () => {
    // Arrange
    const { gateway } = await startOnboardingRoute();
    const headers = await signedHeaders(gateway, {
      method: 'POST',
      path: '/onboardings',
      body: BODY,
      signingDate: new Date(Date.now() - 10 * 60 * 1000),
    });

    // Act
    const response = await send(gateway, { method: 'POST', path: '/onboardings', headers, body: BODY });

    // Assert
    expect(response.status).toBe(201);
  });

  it('refuses a signature scoped to another region or service', async () => {
    // Arrange
    const { gateway } = await startOnboardingRoute();
    const headers = await signedHeaders(gateway, {
      method: 'POST',
      path: '/onboardings',
      body: BODY,
      region: 'us-west-2',
    });

    // Act
    const response = await send(gateway, { method: 'POST', path: '/onboardings', headers, body: BODY });

    // Assert
    expect(response.status).toBe(403);
    expect(jsonOf(response)).toEqual({ message: SIGNATURE_MISMATCH });
  });

  it('does not check signatures on routes without auth', async () => {
    // Arrange
    const stub = new StubHandler();
    const { gateway } = await gatewayWith([
      { method: 'POST', path: '/a/{id}', auth: 'none', handler: stub.handler },
    ]);

    // Act
    const response = await send(gateway, { method: 'POST', path: '/a/abc', body: 'x' });

    // Assert
    expect(response.status).toBe(200);
    expect(
      (stub.lastEvent as Partial<APIGatewayProxyEventV2WithIAMAuthorizer>).requestContext?.authorizer,
    ).toBeUndefined();
  });
});
