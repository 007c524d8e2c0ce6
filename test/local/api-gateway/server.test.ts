import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startApiGateway } from '../../../local/api-gateway/index.ts';
import { gatewayWith, LOCAL_CREDENTIALS, REGION, StubHandler, send } from './harness.ts';

describe('the gateway server', () => {
  it('fails to start with an error naming the port and the PORT setting when the port is taken', async () => {
    // Arrange
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    try {
      // Act
      const starting = startApiGateway({ port, routes: [], credentials: LOCAL_CREDENTIALS, region: REGION });

      // Assert
      await expect(starting).rejects.toThrow(new RegExp(`Port ${port} .*already in use.*PORT=<port>`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('reports its URL and the port it got when asked for port 0', async () => {
    // Act
    const { gateway } = await gatewayWith([]);

    // Assert
    expect(gateway.port).toBeGreaterThan(0);
    expect(gateway.url).toBe(`http://127.0.0.1:${gateway.port}`);
  });

  it('lets an extra handler answer before routing, and routes what it declines', async () => {
    // Arrange
    const stub = new StubHandler();
    const { gateway } = await gatewayWith(
      [{ method: 'GET', path: '/a/{id}', auth: 'none', handler: stub.handler }],
      {
        extraHandlers: [
          (request, response) => {
            if (request.url !== '/') return false;
            response.writeHead(200, { 'content-type': 'text/plain' });
            response.end('landing');
            return true;
          },
        ],
      },
    );

    // Act
    const landing = await send(gateway, { path: '/' });
    const routed = await send(gateway, { path: '/a/abc' });

    // Assert
    expect(landing.text).toBe('landing');
    expect(routed.status).toBe(200);
    expect(stub.events).toHaveLength(1);
  });

  it('logs the route key and status of each request, never the path with a link id', async () => {
    // Arrange
    const linkId = 'Zm9vYmFyLXNlY3JldC1saW5rLWlk';
    const stub = new StubHandler();
    const { gateway, logs } = await gatewayWith([
      { method: 'GET', path: '/a/{id}', auth: 'none', handler: stub.handler },
      { method: 'POST', path: '/a/{id}/renew', auth: 'none', handler: stub.handler },
    ]);

    // Act
    await send(gateway, { path: `/a/${linkId}` });
    await send(gateway, { method: 'POST', path: `/a/${linkId}/renew` });
    await send(gateway, { method: 'GET', path: `/a/${linkId}/renew` });

    // Assert
    expect(logs).toHaveLength(3);
    expect(logs[0]).toMatch(/^GET \/a\/\{id\} 200 \d+ms$/);
    expect(logs[1]).toMatch(/^POST \/a\/\{id\}\/renew 200 \d+ms$/);
    expect(logs[2]).toMatch(/^GET \(no route\) 404 \d+ms$/);
    expect(logs.join('\n')).not.toContain(linkId);
  });

  it('closes even while a client keeps its connection open', async () => {
    // Arrange
    const { gateway } = await gatewayWith([]);
    await fetch(`${gateway.url}/nowhere`, { keepalive: true });

    // Act
    const closing = gateway.close();

    // Assert
    await expect(closing).resolves.toBeUndefined();
  });
});
