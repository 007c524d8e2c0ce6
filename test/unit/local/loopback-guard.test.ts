import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startGateProxy } from '../../../local/gate-proxy.ts';
import { localRequestRefusal } from '../../../local/loopback-guard.mjs';

const at = (host: string | undefined, method = 'GET', headers: Record<string, string> = {}) =>
  localRequestRefusal({ method, headers: { ...(host === undefined ? {} : { host }), ...headers } })?.status;

describe('the loopback guard in front of every local listener', () => {
  it('answers requests addressed to a loopback name, with or without a port, in any case', () => {
    for (const host of ['localhost:3000', '127.0.0.1:8005', '[::1]:4566', 'LOCALHOST:3000', 'localhost']) {
      expect(at(host), host).toBeUndefined();
    }
  });

  it('refuses any other Host with 421: rebound DNS names, look-alikes, other addresses, none at all', () => {
    for (const host of [
      'evil.example:3000',
      'localhost.evil.example:3000',
      '127.0.0.1.nip.io:3000',
      '127.0.0.2:3000',
      '0.0.0.0:3000',
      '[::2]:3000',
      '192.168.1.10:3000',
      '',
      undefined,
    ]) {
      expect(at(host), String(host)).toBe(421);
    }
  });

  it('lets the SDK, scripts and same-origin browsers change things, and refuses any other origin with 403', () => {
    const host = 'localhost:3000';
    // SigV4-signed SDK calls and scripts send no Origin and no Sec-Fetch-Site.
    expect(at(host, 'POST')).toBeUndefined();
    expect(at(host, 'POST', { origin: 'http://localhost:3000' })).toBeUndefined();
    expect(at(host, 'POST', { 'sec-fetch-site': 'same-origin', origin: 'null' })).toBeUndefined();
    expect(at(host, 'DELETE', { 'sec-fetch-site': 'none' })).toBeUndefined();
    for (const headers of [
      { origin: 'https://evil.example' },
      { origin: 'http://localhost:3001' },
      { origin: 'http://127.0.0.1:3000' },
      { origin: 'null' },
      { origin: 'not a url' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site', origin: 'http://localhost:3000' },
    ] as Record<string, string>[]) {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
        expect(at(host, method, headers), `${method} ${JSON.stringify(headers)}`).toBe(403);
      }
    }
    // Reading never changes anything: a cross-site GET is left to the browser's same-origin policy.
    expect(
      at(host, 'GET', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }),
    ).toBeUndefined();
  });

  it('stands in front of the gate proxies too: a refused request never reaches the stand-in behind', async () => {
    const reached: string[] = [];
    const target = createServer((request, response) => {
      reached.push(`${request.method} ${request.headers.host}`);
      response.end('stand-in');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', () => resolve()));
    const proxy = await startGateProxy({
      target: `http://127.0.0.1:${(target.address() as AddressInfo).port}`,
      host: '127.0.0.1',
      name: 'test',
      intercept: () => undefined,
      onLog: () => {},
    });
    try {
      const { port } = new URL(proxy.url);
      const { request } = await import('node:http');
      const status = (headers: Record<string, string>, method = 'POST') =>
        new Promise<number>((resolve, reject) => {
          const outgoing = request({ host: '127.0.0.1', port, method, path: '/', headers }, (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          });
          outgoing.on('error', reject);
          outgoing.end('x');
        });
      expect(await status({ host: `evil.example:${port}` })).toBe(421);
      // Refusals in words: JSON with a message for clients, a small page for a browser.
      const refused = await fetch(`${proxy.url}/`, {
        method: 'POST',
        headers: { origin: 'https://evil.example' },
      });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({
        message: 'This request came from another website, so nothing was done.',
      });
      const page = await fetch(`${proxy.url}/`, {
        method: 'POST',
        headers: { origin: 'https://evil.example', accept: 'text/html' },
      });
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(await page.text()).toContain('<h1>Not allowed</h1><p>This request came from another website');
      expect(await status({ host: `localhost:${port}`, origin: 'https://evil.example' })).toBe(403);
      expect(reached).toEqual([]);
      expect(await status({ host: `localhost:${port}` })).toBe(200);
      expect(reached).toEqual([`POST localhost:${port}`]);
    } finally {
      await proxy.close();
      target.close();
    }
  });
});
