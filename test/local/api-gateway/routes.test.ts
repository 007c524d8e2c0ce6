import { describe, expect, it } from 'vitest';
import { RouteTable } from '../../../local/api-gateway/routes.ts';
import type { Route } from '../../../local/api-gateway/types.ts';

const handler: Route['handler'] = async () => undefined;
const route = (method: Route['method'], path: string): Route => ({ method, path, auth: 'none', handler });

describe('route matching', () => {
  it('matches the route with the same method and segment count, decoding path parameters', () => {
    // Arrange
    const table = new RouteTable([route('POST', '/a/{id}'), route('POST', '/a/{id}/renew')]);

    // Act
    const match = table.match('POST', '/a/x%2By%C3%A9/renew');

    // Assert
    expect(match?.routeKey).toBe('POST /a/{id}/renew');
    expect(match?.pathParameters).toEqual({ id: 'x+yé' });
  });

  it('prefers a literal segment over a parameter, like API Gateway picks the most specific route', () => {
    // Arrange
    const table = new RouteTable([route('GET', '/a/{id}'), route('GET', '/a/help')]);

    // Act
    const literal = table.match('GET', '/a/help');
    const parameter = table.match('GET', '/a/other');

    // Assert
    expect(literal?.routeKey).toBe('GET /a/help');
    expect(literal?.pathParameters).toBeUndefined();
    expect(parameter?.routeKey).toBe('GET /a/{id}');
  });

  it('matches nothing for an empty segment, a wrong method or a malformed escape', () => {
    // Arrange
    const table = new RouteTable([route('GET', '/a/{id}')]);

    // Act
    const misses = [
      table.match('GET', '/a/'),
      table.match('GET', '//abc'),
      table.match('POST', '/a/abc'),
      table.match('GET', '/a/%E0%A4%A'),
    ];

    // Assert
    expect(misses).toEqual([undefined, undefined, undefined, undefined]);
  });
});
