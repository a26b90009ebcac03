/**
 * `@tollgate/dev-server/testing`: the dev server as tests start it, and what an operator's
 * client needs to reach it. One home for the set-up every test suite and bench in this
 * repository shared: `new Tollgate(server.admin)` is the admin client, `server.env` the same
 * for a CLI or a child process.
 */
import { type DevServer, type DevServerOptions, startDevServer } from './index';

export { type ScriptedModel, startScriptedModel } from './scripted-model';

/** An admin client's options, as `@tollgate/sdk`'s `new Tollgate()` takes them. */
export interface AdminConnection {
  baseUrl: string;
  /** An API key with the admin scope. */
  apiKey: string;
  /** The CA public key to pin (its base64url `x`, as TOLLGATE_CA_PUBLIC_KEY holds it). */
  caPublicKey: string;
  /** Tests read results, not logs. */
  logLevel: 'off';
}

export interface TestServer extends DevServer {
  /** The admin client's options: `new Tollgate(server.admin)`. */
  admin: AdminConnection;
  /** The URL and admin key as the CLI and the SDK read them from the environment. */
  env: { TOLLGATE_BASE_URL: string; TOLLGATE_API_KEY: string };
}

/**
 * A dev server on an ephemeral loopback port, logging nowhere unless `log` is given.
 * Close it with `close()` (in an `afterAll`).
 */
export async function startTestServer(options: DevServerOptions = {}): Promise<TestServer> {
  const server = await startDevServer({ log: () => {}, ...options });
  const admin: AdminConnection = {
    baseUrl: server.url,
    apiKey: server.adminApiKey,
    caPublicKey: server.caPublicJwk.x,
    logLevel: 'off',
  };
  const env = { TOLLGATE_BASE_URL: server.url, TOLLGATE_API_KEY: server.adminApiKey };
  return Object.assign(server, { admin, env });
}
