import { describe, expect, it } from 'vitest';
import { gatewayWith, StubHandler, send } from './harness.ts';

describe('the v2 event a route handler receives', () => {
  it('for a GET carries the route key, decoded path parameters, lower-cased headers and the caller', async () => {
    // Arrange
    const stub = new StubHandler();
    const { gateway } = await gatewayWith([
      { method: 'GET', path: '/a/{id}', auth: 'none', handler: stub.handler },
    ]);

    // Act
    await send(gateway, {
      path: '/a/link%20one%2Fx?lang=en&tag=a&tag=b',
      headers: { 'User-Agent': 'MailScanner/1.0', 'X-Custom': 'yes' },
    });

    // Assert
    const event = stub.lastEvent;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /a/{id}',
      rawPath: '/a/link%20one%2Fx',
      rawQueryString: 'lang=en&tag=a&tag=b',
      pathParameters: { id: 'link one/x' },
      queryStringParameters: { lang: 'en', tag: 'a,b' },
      isBase64Encoded: false,
    });
    expect(event.headers).toMatchObject({
      'user-agent': 'MailScanner/1.0',
      'x-custom': 'yes',
      host: new URL(gateway.url).host,
    });
    expect(event.body).toBeUndefined();
    expect(event.cookies).toBeUndefined();
    expect(event.requestContext).toMatchObject({
      accountId: '111122223333',
      apiId: 'local',
      domainName: new URL(gateway.url).host,
      routeKey: 'GET /a/{id}',
      stage: '$default',
      http: {
        method: 'GET',
        path: '/a/link%20one%2Fx',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'MailScanner/1.0',
      },
    });
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(5_000);
  });

  it('joins repeated headers with commas and moves cookies to their own field', async () => {
    // Arrange
    const stub = new StubHandler();
    const { gateway } = await gatewayWith([
      { method: 'GET', path: '/onboardings', auth: 'none', handler: stub.handler },
    ]);

    // Act
    await send(gateway, {
      path: '/onboardings',
      headers: { 'X-Forwarded-For': ['203.0.113.7', '198.51.100.2'], Cookie: 'session=abc; theme=dark' },
    });

    // Assert
    expect(stub.lastEvent.headers['x-forwarded-for']).toBe('203.0.113.7,198.51.100.2');
    expect(stub.lastEvent.cookies).toEqual(['session=abc', 'theme=dark']);
    expect(stub.lastEvent.headers.cookie).toBeUndefined();
    expect(stub.lastEvent.pathParameters).toBeUndefined();
    expect(stub.lastEvent.queryStringParameters).toBeUndefined();
  });

  it('passes a JSON body through as text', async () => {
    // Arrange
    const stub = new StubHandler();
    const { gateway } = await gatewayWith([
      { method: 'POST', path: '/callbacks/{onboardingId}', auth: 'none', handler: stub.handler },
    ]);

    // Act
    await send(gateway, {
      method: 'POST',
      path: '/callbacks/onb-1',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: '{"outcome":"approved","note":"é"}',
    });

    // Assert
    expect(stub.lastEvent).toMatchObject({
      body: '{"outcome":"approved","note":"é"}',
      isBase64Encoded: false,
      pathParameters: { onboardingId: 'onb-1' },
    });
  });

  it('base64-encodes a form body, as HTTP APIs do for application/x-www-form-urlencoded', async () => {
    // Arrange
    const stub = new StubHandler();
    const { gateway } = await gatewayWith([
      { method: 'POST', path: '/a/{id}', auth: 'none', handler: stub.handler },
    ]);
    const form = 'decision=approve&reasons=a&reasons=b&comment=ok+%C3%A9';

    // Act
    await send(gateway, {
      method: 'POST',
      path: '/a/abc',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
    });

    // Assert
    const event = stub.lastEvent;
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64').toString('utf8')).toBe(form);
  });

  it('base64-encodes a binary body byte for byte', async () => {
    // Arrange
    const stub = new StubHandler();
    const { gateway } = await gatewayWith([
      { method: 'POST', path: '/a/{id}', auth: 'none', handler: stub.handler },
    ]);
    const bytes = Buffer.from([0, 255, 1, 254, 0x89, 0x50, 0x4e, 0x47]);

    // Act
    await send(gateway, {
      method: 'POST',
      path: '/a/abc',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: bytes,
    });

    // Assert
    expect(stub.lastEvent.isBase64Encoded).toBe(true);
    expect(Buffer.from(stub.lastEvent.body ?? '', 'base64')).toEqual(bytes);
  });

  it('gives the handler a Lambda-like context with its own request id and a time budget', async () => {
    // Arrange
    const stub = new StubHandler();
    const { gateway } = await gatewayWith([
      { method: 'GET', path: '/a/{id}', auth: 'none', handler: stub.handler },
    ]);

    // Act
    await send(gateway, { path: '/a/abc' });

    // Assert
    const context = stub.contexts[0];
    expect(context?.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context?.awsRequestId).not.toBe(stub.lastEvent.requestContext.requestId);
    expect(context?.functionName).toBe('local-GET-a-id');
    expect(context?.invokedFunctionArn).toBe('arn:aws:lambda:eu-west-1:111122223333:function:local-GET-a-id');
    expect(context?.getRemainingTimeInMillis()).toBeGreaterThan(25_000);
  });
});
