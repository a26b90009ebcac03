/** tollgate api-keys: list, create, revoke. */
import type { Command } from 'commander';
import { confirm, destructive } from '../confirm';
import { list } from '../parse';
import { act, examples, take } from './action';

export function registerKeys(program: Command) {
  const keys = program.command('api-keys').description('scoped operator API keys');
  keys
    .command('list')
    .description('list keys (never their secrets)')
    .action(
      act(async ({ out, client }) =>
        out.table(await take(client().apiKeys.list(), 10_000), [
          'id',
          'name',
          'prefix',
          'scopes',
          'revoked_at',
        ]),
      ),
    );
  examples(
    keys
      .command('create')
      .description('create a key; its secret is shown once')
      .argument('<name>', 'what the key is for')
      .requiredOption('--scopes <list>', 'comma-separated, e.g. runs:read,audit:read', list)
      .option('--expires-at <date>', 'when it stops working (ISO 8601)')
      .action(
        act(async ({ out, client }, [name], o) => {
          const created = await client().apiKeys.create({
            name: name!,
            scopes: o.scopes as string[],
            ...(o.expiresAt !== undefined && { expires_at: o.expiresAt as string }),
          });
          out.print(created, () =>
            out.line(`created ${created.api_key.id}; the key is shown once:\n${created.secret}`),
          );
        }),
      ),
    'tollgate api-keys create ci-reader --scopes runs:read,audit:read',
  );
  destructive(
    keys.command('revoke').description('revoke a key at once').argument('<key-id>', 'the key'),
  ).action(
    act(async ({ out, client }, [id], o) => {
      await confirm(`revoke API key ${id}`, o.yes);
      const k = await client().apiKeys.revoke(id!);
      out.print(k, () => out.line(`revoked ${k.id}`));
    }),
  );
}
