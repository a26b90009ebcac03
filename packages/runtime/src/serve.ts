/** serveAgent: the runtime's Hono app on a Node HTTP server (@hono/node-server). */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type AgentAppOptions, createAgentApp } from './app';

export interface ServeAgentOptions extends AgentAppOptions {
  /** Port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. @default '127.0.0.1' (loopback: expose it on purpose) */
  hostname?: string;
}

export interface AgentServer {
  /** Where it listens, e.g. http://127.0.0.1:41233 (also the default origin proofs are bound to). */
  url: string;
  /** The Hono app (its `fetch` serves requests without a socket). */
  app: ReturnType<typeof createAgentApp>['app'];
  /** Stops listening and ends open connections (streams included). */
  close(): Promise<void>;
}

/** Starts the runtime and resolves once it listens. */
export async function serveAgent(options: ServeAgentOptions): Promise<AgentServer> {
  const { port = 0, hostname = '127.0.0.1' } = options;
  let url = '';
  const { app } = createAgentApp(options, () => url);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;
  return {
    url,
    app,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
