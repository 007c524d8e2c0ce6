import type { Route } from './types.ts';

export interface RouteMatch {
  route: Route;
  /** `POST /a/{id}`: what API Gateway puts in `routeKey`, and the only thing logged about the path. */
  routeKey: string;
  /** Undefined when the route has no `{name}` segments, as in AWS's events. */
  pathParameters: Record<string, string> | undefined;
}

interface CompiledRoute {
  route: Route;
  routeKey: string;
  segments: Segment[];
  literalCount: number;
}

type Segment = { kind: 'literal'; value: string } | { kind: 'param'; name: string };

/** Matches requests to routes the way an HTTP API does: exact method, one segment per `{name}`. */
export class RouteTable {
  private readonly compiled: CompiledRoute[];

  constructor(routes: Route[]) {
    this.compiled = routes.map((route) => {
      const segments = splitPath(route.path).map(toSegment);
      return {
        route,
        routeKey: `${route.method} ${route.path}`,
        segments,
        literalCount: segments.filter((segment) => segment.kind === 'literal').length,
      };
    });
  }

  /**
   * The best match for a method and raw (still percent-encoded) path. A known path with another
   * method does not match either: HTTP APIs answer 404 Not Found then, not 405.
   */
  match(method: string, rawPath: string): RouteMatch | undefined {
    const requestSegments = splitPath(rawPath);
    let best: { compiled: CompiledRoute; params: Record<string, string> } | undefined;
    for (const compiled of this.compiled) {
      if (compiled.route.method !== method) continue;
      const params = matchSegments(compiled.segments, requestSegments);
      // The most specific route wins (`/a/renew` over `/a/{id}`), like API Gateway's route selection.
      if (params && (!best || compiled.literalCount > best.compiled.literalCount))
        best = { compiled, params };
    }
    if (!best) return undefined;
    const { compiled, params } = best;
    return {
      route: compiled.route,
      routeKey: compiled.routeKey,
      pathParameters: Object.keys(params).length > 0 ? params : undefined,
    };
  }
}

function splitPath(path: string): string[] {
  // The leading slash gives an empty first element; a trailing slash keeps an empty last one,
  // which then matches nothing (`/a/` is not `/a/{id}`).
  return path.split('/').slice(1);
}

function toSegment(text: string): Segment {
  const param = /^\{([A-Za-z0-9_]+)\}$/.exec(text);
  return param?.[1] ? { kind: 'param', name: param[1] } : { kind: 'literal', value: text };
}

function matchSegments(pattern: Segment[], request: string[]): Record<string, string> | undefined {
  if (pattern.length !== request.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of pattern.entries()) {
    const raw = request[index] ?? '';
    const decoded = decodeSegment(raw);
    if (decoded === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (decoded !== segment.value) return undefined;
    } else {
      if (decoded === '') return undefined;
      params[segment.name] = decoded;
    }
  }
  return params;
}

/** Percent-decodes one segment; a malformed escape matches no route rather than failing the server. */
function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
