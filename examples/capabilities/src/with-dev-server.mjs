// Shared by the examples: an embedded dev server and an operator client, closed at the end.
import { startDevServer } from '@tollgate/dev-server';
import { Tollgate } from '@tollgate/sdk';

export async function withDevServer(run) {
  const server = await startDevServer({ port: 0, log: () => {} });
  const tg = new Tollgate({
    baseUrl: server.url,
    apiKey: server.adminApiKey,
    caPublicKey: server.caPublicJwk,
    logLevel: 'off',
  });
  try {
    await run({ server, tg });
  } catch (error) {
    console.error(`example failed: ${error?.message ?? error}`);
    process.exitCode = 1;
  } finally {
    await server.close();
  }
}

export function assert(condition, what) {
  if (!condition) throw new Error(what);
  console.log(`✓ ${what}`);
}
