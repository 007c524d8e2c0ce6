import { describe, expect, it } from 'vitest';
import { gatewayWith, jsonOf, StubHandler, send } from './harness.ts';

describe('what the client gets back', () => {
  it('is the status, headers and body the handler returned', async () => {
    // Arrange
    const stub = new StubHandler(() => ({
      statusCode: 410,
      headers: { 'Content-Type': 'text/html; charset=utf-8', 'X-Frame-Options': 'DENY', 'X-Count': 3 },
      body: '<h1>Expired</h1>',
    }));
    const { gateway } = await gatewayWith([
      { method: 'GET', path: '/a/{id}', auth: 'none', handler: stub.handler },
    ]);

    // Act
    const response = await send(gateway, { path: '/a/abc' });

    // Assert
    expect(response.status).toBe(410);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-count']).toBe('3');
    expect(response.headers['apigw-requestid']).toBe(stub.lastEvent.requestContext.requestId);
    expect(response.text).toBe('<h1>Expired</h1>');
  });

  it('decodes a base64 body the handler marked as such', async () => {
    // Arrange
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    const stub = new StubHandler(() => ({
      statusCode: 200,
      headers: { 'content-type': 'image/png' },
      body: bytes.toString('base64'),
      isBase64Encoded: true,
    }));
    const { gateway } = await gatewayWith([
      { method: 'GET', path: '/a/{id}', auth: 'none', handler: stub.handler },
    ]);

    // Act
    const response = await send(gateway, { path: '/a/abc' });

    // Assert
    expect(response.body).toEqual(bytes);
    expect(response.headers['content-length']).toBe(String(bytes.length));
  });

  it('sends each returned cookie as its own Set-Cookie header', async () => {
    // Arrange
    const stub = new StubHandler(() => ({
      statusCode: 204,
      cookies: ['session=abc; HttpOnly; Secure', 'theme=dark; Path=/'],
    }));
    const { gateway } = await gatewayWith([
      { method: 'GET', path: '/a/{id}', auth: 'none', handler: stub.handler },
    ]);

    // Act
    const response = await send(gateway, { path: '/a/abc' });

    // Assert
    expect(response.status).toBe(204);
    expect(response.headers['set-cookie']).toEqual(['session=abc; HttpOnly; Secure', 'theme=dark; Path=/']);
  });

  it('ignores multiValueHeaders, as payload format 2.0 does, and says so in the log', async () => {
    // Arrange
    const stub = new StubHandler(() => ({ statusCode: 200, multiValueHeaders: { 'x-many': ['a', 'b'] } }));
    const { gateway, logs } = await gatewayWith([
      { method: 'GET', path: '/a/{id}', auth: 'none', handler: stub.handler },
    ]);

    // Act
    const response = await send(gateway, { path: '/a/abc' });

    // Assert
    expect(response.headers['x-many']).toBeUndefined();
    expect(logs.some((line) => line.includes('multiValueHeaders is ignored'))).toBe(true);
  });

  it('turns a plain object into 200 and JSON, as API Gateway infers for payload 2.0', async () => {
    // Arrange
    const stub = new StubHandler(() => ({ message: 'Hello from Lambda!' }));
    const { gateway } = await gatewayWith([
      { method: 'GET', path: '/a/{id}', auth: 'none', handler: stub.handler },
    ]);

    // Act
    const response = await send(gateway, { path: '/a/abc' });

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(jsonOf(response)).toEqual({ message: 'Hello from Lambda!' });
  });

  it('sends a plain string as the body itself, with 200 and the JSON content type', async () => {
    // Arrange
    const stub = new StubHandler(() => 'Hello from Lambda!');
    const { gateway } = await gatewayWith([
      { method: 'GET', path: '/a/{id}', auth: 'none', handler: stub.handler },
    ]);

    // Act
    const response = await send(gateway, { path: '/a/abc' });

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.text).toBe('Hello from Lambda!');
  });

  it('answers HEAD with the handler status and headers but no body', async () => {
    // Arrange
    const stub = new StubHandler((event) => ({
      statusCode: 200,
      headers: { 'content-type': 'text/html' },
      body: `<p>${event.requestContext.http.method}</p>`,
    }));
    const { gateway } = await gatewayWith([
      { method: 'HEAD', path: '/a/{id}', auth: 'none', handler: stub.handler },
    ]);

    // Act
    const response = await send(gateway, { method: 'HEAD', path: '/a/abc' });

    // Assert
    expect(stub.lastEvent.requestContext.http.method).toBe('HEAD');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html');
    expect(response.body.length).toBe(0);
  });
});

describe('what the gateway answers itself', () => {
  it('is 404 Not Found for a path no route matches', async () => {
    // Arrange
    const stub = new StubHandler();
    const { gateway } = await gatewayWith([
      { method: 'GET', path: '/a/{id}', auth: 'none', handler: stub.handler },
    ]);

    // Act
    const responses = await Promise.all(
      ['/nowhere', '/a', '/a/', '/a/abc/extra'].map((path) => send(gateway, { path })),
    );

    // Assert
    for (const response of responses) {
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toBe('application/json');
      expect(jsonOf(response)).toEqual({ message: 'Not Found' });
    }
    expect(stub.events).toHaveLength(0);
  });

  it('is 404 too for a known path with another method, as HTTP APIs do (no 405)', async () => {
    // Arrange
    const stub = new StubHandler();
    const { gateway } = await gatewayWith([
      { method: 'POST', path: '/onboardings', auth: 'none', handler: stub.handler },
    ]);

    // Act
    const response = await send(gateway, { method: 'GET', path: '/onboardings' });

    // Assert
    expect(response.status).toBe(404);
    expect(jsonOf(response)).toEqual({ message: 'Not Found' });
  });

  it('is 500 Internal Server Error, without details, when the handler throws', async () => {
    // Arrange
    const secret = 'body-secret-7f3a';
    const stub = new StubHandler((event) => {
      throw new Error(`cannot parse ${event.body}`);
    });
    const { gateway, logs } = await gatewayWith([
      { method: 'POST', path: '/a/{id}', auth: 'none', handler: stub.handler },
    ]);

    // Act
    const response = await send(gateway, {
      method: 'POST',
      path: '/a/abc',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret }),
    });

    // Assert
    expect(response.status).toBe(500);
    expect(jsonOf(response)).toEqual({ message: 'Internal Server Error' });
    const failure = logs.find((line) => line.includes('failed'));
    expect(failure).toMatch(/^POST \/a\/\{id\} failed: Error/);
    expect(logs.join('\n')).not.toContain(secret);
  });

  it('is 500 when the handler returns a status code that is not one', async () => {
    // Arrange
    const stub = new StubHandler(() => ({ statusCode: 'ok' }));
    const { gateway, logs } = await gatewayWith([
      { method: 'GET', path: '/a/{id}', auth: 'none', handler: stub.handler },
    ]);

    // Act
    const response = await send(gateway, { path: '/a/abc' });

    // Assert
    expect(response.status).toBe(500);
    expect(jsonOf(response)).toEqual({ message: 'Internal Server Error' });
    expect(logs[0]).toMatch(
      /^GET \/a\/\{id\} failed: MalformedResultError: statusCode ok is not an HTTP status/,
    );
  });

  it('is 413 for a body over 10 MiB, before the handler runs', async () => {
    // Arrange
    const stub = new StubHandler();
    const { gateway } = await gatewayWith([
      { method: 'POST', path: '/a/{id}', auth: 'none', handler: stub.handler },
    ]);

    // Act
    const response = await send(gateway, {
      method: 'POST',
      path: '/a/abc',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
    });

    // Assert
    expect(response.status).toBe(413);
    expect(jsonOf(response)).toEqual({ message: 'Request Entity Too Large' });
    expect(stub.events).toHaveLength(0);
  });

  it('is 413 too when an oversized body comes in chunks, without a Content-Length', async () => {
    // Arrange
    const stub = new StubHandler();
    const { gateway } = await gatewayWith([
      { method: 'POST', path: '/a/{id}', auth: 'none', handler: stub.handler },
    ]);

    // Act
    const response = await send(gateway, {
      method: 'POST',
      path: '/a/abc',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: Buffer.alloc(11 * 1024 * 1024, 0x20),
    });

    // Assert
    expect(response.status).toBe(413);
    expect(stub.events).toHaveLength(0);
  });

  it('accepts a body of exactly 10 MiB', async () => {
    // Arrange
    const stub = new StubHandler();
    const { gateway } = await gatewayWith([
      { method: 'POST', path: '/a/{id}', auth: 'none', handler: stub.handler },
    ]);

    // Act
    const response = await send(gateway, {
      method: 'POST',
      path: '/a/abc',
      headers: { 'content-type': 'text/plain' },
      body: Buffer.alloc(10 * 1024 * 1024, 0x61),
    });

    // Assert
    expect(response.status).toBe(200);
    expect(stub.lastEvent.body).toHaveLength(10 * 1024 * 1024);
  });
});
