/**
 * The one guard in front of every local listener (the web server, the SES stand-in, the Step
 * Functions service, DynamoDB, the gate proxies): each of them serves this machine only, so
 *   - a request must name a loopback host (`localhost`, `127.0.0.1` or `[::1]`, with any port): a page
 *     on another site that points its own DNS name at 127.0.0.1 (DNS rebinding) sends its own name
 *     as Host and is answered 421, so it can read no email, link or table;
 *   - a request that can change something (any method but GET, HEAD and OPTIONS) must not come from
 *     another origin as a browser tells it: `Sec-Fetch-Site` other than same-origin/none, or an
 *     `Origin` that is not this very origin (another port on localhost is another origin), is
 *     answered 403 before anything runs. SDK clients and scripts send no Origin and pass.
 * Plain JavaScript so the DynamoDB worker thread (which has no TypeScript loader) uses it too.
 */

export const LOOPBACK_HOST_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const OWN_SITE = new Set(['same-origin', 'none']);

/** `localhost:3000` -> `localhost`, `[::1]:3000` -> `[::1]`, lower case. */
export function hostNameOf(host) {
  const lower = String(host ?? '')
    .trim()
    .toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  return lower.split(':')[0] ?? '';
}

/** Why this request is refused (status and plain words), or undefined when it may go on. */
export function localRequestRefusal(request) {
  const headers = request.headers ?? {};
  const host = String(headers.host ?? '').toLowerCase();
  if (!LOOPBACK_HOST_NAMES.has(hostNameOf(host))) {
    return {
      status: 421,
      message:
        'This local endpoint answers only requests addressed to localhost, 127.0.0.1 or [::1]; use one of those in the address.',
    };
  }
  if (READ_ONLY_METHODS.has(String(request.method ?? 'GET').toUpperCase())) return undefined;
  const site = headers['sec-fetch-site'];
  const origin = headers.origin;
  const crossSite = { status: 403, message: 'This request came from another website, so nothing was done.' };
  if (site !== undefined && !OWN_SITE.has(String(site).toLowerCase())) return crossSite;
  if (origin === undefined) return undefined;
  // A browser sends "null" for its own no-referrer forms; then only its Sec-Fetch-Site vouches for it.
  if (origin === 'null') return site === undefined ? crossSite : undefined;
  try {
    return new URL(origin).host.toLowerCase() === host ? undefined : crossSite;
  } catch {
    return crossSite;
  }
}

/**
 * Answers a refusal in words the caller can read: a small page for a browser, else JSON with a
 * `message` (what AWS SDK clients and scripts read). The messages are constants: nothing is echoed.
 */
export function answerRefusal(request, response, refusal) {
  const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', connection: 'close' };
  if (String(request.headers?.accept ?? '').includes('text/html')) {
    const title = refusal.status === 421 ? 'Wrong host' : 'Not allowed';
    response.writeHead(refusal.status, {
      ...headers,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'x-frame-options': 'DENY',
    });
    response.end(
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>${title}</title><h1>${title}</h1><p>${refusal.message}</p></html>`,
    );
    return;
  }
  response.writeHead(refusal.status, { ...headers, 'content-type': 'application/json' });
  response.end(JSON.stringify({ message: refusal.message }));
}

/**
 * Puts the guard in front of every `request` listener `server` has now (call it right after
 * creating or starting the server, before it can have answered anything).
 */
export function guardLocalServer(server) {
  const listeners = server.listeners('request');
  server.removeAllListeners('request');
  server.on('request', (request, response) => {
    const refusal = localRequestRefusal(request);
    if (refusal) {
      request.resume();
      answerRefusal(request, response, refusal);
      return;
    }
    for (const listener of listeners) listener.call(server, request, response);
  });
  return server;
}
