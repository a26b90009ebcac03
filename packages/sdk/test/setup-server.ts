import type { DevServerOptions } from '@tollgate/dev-server';
import { startTestServer } from '@tollgate/dev-server/testing';
import { Tollgate, type TollgateOptions } from '../src/index';

/** A dev server on an ephemeral loopback port and an admin client for it. */
export async function devServer(options: DevServerOptions = {}, client: TollgateOptions = {}) {
  const server = await startTestServer(options);
  return { server, tg: new Tollgate({ ...server.admin, ...client }) };
}
