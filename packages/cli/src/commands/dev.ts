/** tollgate dev: the embedded control plane, saved as a profile ("dev") and made active. */
import { ALL_FAULTS, type Fault, startDevServer } from '@tollgate/dev-server';
import { updateConfigFile } from '@tollgate/sdk/node';
import { type Command, InvalidArgumentError } from 'commander';
import { integer, list } from '../parse';
import { act, examples } from './action';

const rate = (value: string) => {
  const n = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || n > 1) throw new InvalidArgumentError('must be within 0..1.');
  return n;
};
const faults = (value: string): Fault[] => {
  const given = list(value);
  const unknown = given.filter((f) => !(ALL_FAULTS as readonly string[]).includes(f));
  if (unknown.length)
    throw new InvalidArgumentError(
      `unknown: ${unknown.join(', ')} (known: ${ALL_FAULTS.join(', ')}).`,
    );
  return given as Fault[];
};

export function registerDev(program: Command) {
  examples(
    program
      .command('dev')
      .description(
        'start the local dev control plane and make it the active profile ("dev", or --profile)',
      )
      .option('--port <port>', 'port to listen on (0 picks a free one)', integer(0, 65_535), 4010)
      .option('--chaos-rate <rate>', 'probability of an injected fault, 0..1', rate)
      .option('--chaos-seed <seed>', 'PRNG seed', integer(), 1)
      .option('--chaos-faults <list>', `comma-separated: ${ALL_FAULTS.join(',')}`, faults)
      .option('--no-save', 'do not write the profile')
      .action(
        act(async ({ out, globals, file }, _args, o) => {
          // Read the config before starting: a file that cannot be read is never rewritten.
          file();
          const name = globals.profile ?? 'dev';
          const server = await startDevServer({
            port: o.port as number,
            chaos:
              o.chaosRate === undefined
                ? undefined
                : {
                    rate: o.chaosRate as number,
                    seed: o.chaosSeed as number,
                    faults: o.chaosFaults as Fault[] | undefined,
                  },
          });
          try {
            if (o.save !== false)
              await updateConfigFile((c) => {
                c.profile = name;
                c.profiles ??= {};
                c.profiles[name] = {
                  endpoint: server.url,
                  api_key: server.adminApiKey,
                  ca_public_key: server.caPublicJwk.x,
                };
              });
          } catch (error) {
            await server.close();
            throw error;
          }
          out.print(
            { url: server.url, adminApiKey: server.adminApiKey, caPublicJwk: server.caPublicJwk },
            () => {
              out.line(`tollgate dev control plane on ${out.color(1, server.url)}`);
              if (o.save !== false)
                out.line(
                  `profile "${name}" is active: \`tollgate agents list\` now talks to it. Ctrl-C stops.`,
                );
            },
          );
          await new Promise<void>((resolve) => {
            for (const signal of ['SIGINT', 'SIGTERM'] as const)
              process.once(signal, () => resolve());
          });
          await server.close();
        }),
      ),
    'tollgate dev',
    'tollgate dev --port 0 --chaos-rate 0.2 --chaos-faults 429,reset-after',
  );
}
