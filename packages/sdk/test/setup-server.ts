import { type DevServer, type DevServerOptions, startDevServer } from '@tollgate/dev-server';
import { Tollgate, type TollgateOptions } from '../src/index';

/** A dev server on an ephemeral loopback port and an admin client for it. */
export async function devServer(options: DevServerOptions = {}, client: TollgateOptions = {}) {
  const server: DevServer = await startDevServer({ log: () => {}, ...options });
  const tg = new Tollgate({
    baseUrl: server.url,
    apiKey: server.adminApiKey,
    caPublicKey: server.caPublicJwk,
    logLevel: 'off',
    ...client,
  });
  return { server, tg };
}
