/**
 * Splits a raw query string into decoded names and their values, in order. Shared by the event
 * (values joined with commas) and the SigV4 check (values kept apart, as a signer sees them).
 * `+` stays a plus: only percent-escapes are decoded, as in a SigV4 canonical query.
 */
export function parseQueryString(rawQueryString: string): Map<string, string[]> {
  const parameters = new Map<string, string[]>();
  for (const pair of rawQueryString.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decode(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decode(pair.slice(equals + 1));
    parameters.set(name, [...(parameters.get(name) ?? []), value]);
  }
  return parameters;
}

/** A malformed escape is kept as sent rather than failing the request. */
function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
