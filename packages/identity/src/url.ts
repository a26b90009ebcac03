/**
 * The `htu` rule both sides apply: the WHATWG URL serialisation of scheme, host, port, path
 * and query. That lower-cases scheme and host, drops a default port, resolves `.`/`..`
 * segments and the fragment; path and query are otherwise kept as sent.
 */
export function normalizeHtu(url: string | URL): string {
  const u = typeof url === 'string' ? new URL(url) : url;
  return `${u.protocol}//${u.host}${u.pathname}${u.search}`;
}

/**
 * Checks a verifier's configured public origin: `scheme://host[:port]`, nothing else, and
 * returns it in canonical form.
 */
export function parseOrigin(origin: string): string {
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    throw new TypeError('origin must be an absolute URL such as https://api.example.com');
  }
  if (!/^https?:$/.test(u.protocol) || u.pathname !== '/' || u.search || u.hash || u.username) {
    throw new TypeError('origin must be scheme://host[:port] only (http or https, no path)');
  }
  return u.origin;
}

/**
 * The URL a request was sent to, from the verifier's canonical public origin and the
 * request target. Only the target's path and query are used: an origin-form target
 * (`/v1/runs?x=1`, what node:http's `req.url` holds) is appended verbatim, so `//evil/x` stays
 * a path; an absolute-form target (`http://host/v1/runs`, through a forward proxy) gives up
 * its path and query and its host is ignored. Throws TypeError for anything else.
 */
export function rebuildUrl(origin: string, target: string): string {
  let pathAndQuery: string;
  if (target.startsWith('/')) {
    const hash = target.indexOf('#');
    pathAndQuery = hash < 0 ? target : target.slice(0, hash);
  } else {
    const u = new URL(target);
    pathAndQuery = `${u.pathname}${u.search}`;
  }
  return normalizeHtu(new URL(`${origin}${pathAndQuery}`));
}
