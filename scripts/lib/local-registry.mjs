/**
 * A real npm registry on loopback: Verdaccio, in this process, on an ephemeral port, with its
 * own storage folder. It serves and accepts `@tollgate/*` only (no uplink: everything else
 * comes from the public registry, through a scoped `.npmrc`), so what a consumer installs of
 * Tollgate is exactly what was published here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runServer } from 'verdaccio';

/**
 * @param {string} dir an empty folder for the registry's storage and users
 * @returns {Promise<{url: string, token: string, close: () => Promise<void>}>}
 */
export async function startLocalRegistry(dir) {
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const app = await runServer({
    self_path: dir,
    storage: join(dir, 'storage'),
    uplinks: {},
    packages: {
      '@tollgate/*': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' },
    },
    auth: { htpasswd: { file: join(dir, 'htpasswd'), max_users: 1 } },
    log: { type: 'stdout', format: 'pretty', level: 'error' },
    max_body_size: '50mb',
  });
  /** @type {import('node:http').Server} */
  const server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = `http://127.0.0.1:${address.port}/`;
  // `npm adduser`, by hand: the registry answers with the token publishing needs.
  const response = await fetch(`${url}-/user/org.couchdb.user:release`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'release', password: 'release-local', type: 'user' }),
  });
  if (!response.ok) throw new Error(`local registry: adduser answered ${response.status}`);
  const { token } = /** @type {{token: string}} */ (await response.json());
  return {
    url,
    token,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/**
 * The .npmrc that sends @tollgate/* to the registry at `url` (npm, Bun and Deno read it), and
 * with a token, publishing there too.
 * @param {string} url
 * @param {string} [token]
 */
export function npmrcText(url, token) {
  const auth = token ? `${url.replace(/^http:/, '')}:_authToken=${token}\n` : '';
  return `@tollgate:registry=${url}\n${auth}`;
}

/**
 * Writes `.npmrc` into `dir` for this registry.
 * @param {string} dir
 * @param {{url: string, token: string}} registry
 */
export function writeNpmrc(dir, { url, token }, withToken = false) {
  writeFileSync(join(dir, '.npmrc'), npmrcText(url, withToken ? token : undefined));
}
