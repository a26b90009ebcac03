/**
 * A dev server on an ephemeral loopback port and an operator client for it
 * (`@tollgate/dev-server/testing`), and the scripted model from there (an OpenAI-compatible
 * upstream on loopback that calls tools, then answers).
 */
import type { DevServerOptions } from '@tollgate/dev-server';
import { startScriptedModel, startTestServer } from '@tollgate/dev-server/testing';
import { Tollgate } from '@tollgate/sdk';

export async function devServer(options: DevServerOptions = {}) {
  const server = await startTestServer(options);
  return { server, tg: new Tollgate(server.admin) };
}

export const scriptedModel = startScriptedModel;
