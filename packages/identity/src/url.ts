/**
 * The `htu` normalisation both sides apply: scheme and host lower-case, default port
 * dropped, path and query kept as sent, fragment dropped (WHATWG URL does the first three).
 */
export function normalizeHtu(url: string | URL): string {
  const u = typeof url === 'string' ? new URL(url) : url;
  return `${u.protocol}//${u.host}${u.pathname}${u.search}`;
}

/** The URL a request was sent to, rebuilt from the verifier's public origin and the path. */
export function rebuildUrl(origin: string, requestUrl: string): string {
  const u = new URL(requestUrl, 'http://placeholder.invalid');
  return normalizeHtu(new URL(`${u.pathname}${u.search}`, origin));
}
