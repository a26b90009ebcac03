/** tollgate dev: the embedded control plane, with its endpoint and key saved as profile "dev". */
import { type Fault, startDevServer } from '@tollgate/dev-server';
import { updateConfigFile } from '@tollgate/sdk/node';
import type { Command } from 'commander';
import { contextOf } from '../context';

export function registerDev(program: Command) {
  program
    .command('dev')
    .description('start the local dev control plane and make it the active profile')
    .option('--port <port>', 'port to listen on', '4010')
    .option('--chaos-rate <rate>', 'probability of an injected fault, 0..1')
    .option('--chaos-seed <seed>', 'PRNG seed', '1')
    .option(
      '--chaos-faults <list>',
      'comma-separated: 429,503,latency,reset-before,reset-after,truncate,malformed',
    )
    .option('--no-profile', 'do not write the dev profile')
    .action(async (o: Record<string, string | boolean | undefined>, command: Command) => {
      const { out } = contextOf(command);
      const server = await startDevServer({
        port: Number(o.port),
        chaos: o.chaosRate
          ? {
              rate: Number(o.chaosRate),
              seed: Number(o.chaosSeed),
              faults: String(o.chaosFaults ?? '')
                .split(',')
                .filter(Boolean) as Fault[],
            }
          : undefined,
      });
      if (o.profile !== false) {
        await updateConfigFile((c) => {
          c.profile = 'dev';
          c.profiles ??= {};
          c.profiles.dev = {
            endpoint: server.url,
            api_key: server.adminApiKey,
            ca_public_key: server.caPublicJwk.x,
          };
        });
      }
      out.print(
        { url: server.url, adminApiKey: server.adminApiKey, caPublicJwk: server.caPublicJwk },
        () => {
          out.line(`tollgate dev control plane on ${out.color(1, server.url)}`);
          if (o.profile !== false)
            out.line(
              'profile "dev" is active: `tollgate agents list` now talks to it. Ctrl-C stops.',
            );
        },
      );
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
      });
      await server.close();
    });
}
