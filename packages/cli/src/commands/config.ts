/** tollgate config: set, get, list, use; the file is ~/.tollgate/config.json (0600). */
import { configPath, updateConfigFile } from '@tollgate/sdk/node';
import { type Command, InvalidArgumentError } from 'commander';
import { UsageError } from '../errors';
import { maskField, SECRET_FIELDS } from '../secrets';
import { readStdin } from '../stdin';
import { act, examples } from './action';

const KEYS = {
  endpoint: 'endpoint',
  'api-key': 'api_key',
  'client-id': 'client_id',
  'client-secret': 'client_secret',
  'ca-public-key': 'ca_public_key',
} as const;
type Key = keyof typeof KEYS;

const isKey = (value: string): value is Key => Object.hasOwn(KEYS, value);
const key = (value = ''): Key => {
  if (!isKey(value)) throw new InvalidArgumentError(`one of ${Object.keys(KEYS).join(', ')}.`);
  return value;
};

export function registerConfig(program: Command) {
  const config = program
    .command('config')
    .description(
      'read and write ~/.tollgate/config.json (0600); environment variables override it',
    );
  examples(
    config
      .command('set')
      .description('set a value of the profile (--profile, else the active one)')
      .argument('<key>', Object.keys(KEYS).join(' | '), key)
      .argument('<value>', 'the value; - reads it from stdin (for secrets: keeps them out of argv)')
      // A key or secret may start with "-" (base64url): a value, not an option.
      .allowUnknownOption()
      .action(
        act(async ({ out, profileName }, [k, v]) => {
          const field = KEYS[key(k)];
          const value = v === '-' ? (await readStdin()).trim() : v;
          if (!value) throw new UsageError(`no value for ${k}`);
          const name = profileName();
          await updateConfigFile((c) => {
            c.profile ??= name;
            c.profiles ??= {};
            c.profiles[name] = { ...c.profiles[name], [field]: value };
          });
          out.print({ profile: name, key: k, value: maskField(field, value) }, () =>
            out.line(`set ${k} in profile ${name} (${configPath()})`),
          );
        }),
      ),
    'tollgate config set endpoint https://tollgate.example.com',
    'tollgate --profile prod config set api-key - < key.txt',
  );
  config
    .command('get')
    .description('print one value of the profile (secrets masked)')
    .argument('<key>', Object.keys(KEYS).join(' | '), key)
    .action(
      act(({ out, file, profileName }, [k]) => {
        const field = KEYS[key(k)];
        const value = maskField(field, file()?.profiles?.[profileName()]?.[field]);
        out.print({ key: k, value: value ?? null }, () => out.line(value ?? ''));
      }),
    );
  config
    .command('list')
    .description('print every profile (secrets show only their type prefix, e.g. tg_live_…)')
    .action(
      act(({ out, file, profileName }) => {
        const active = profileName();
        const rows = Object.entries(file()?.profiles ?? {}).flatMap(([profile, values]) =>
          Object.entries(values).map(([k, value]) => ({
            active: profile === active ? '*' : '',
            profile,
            key: k,
            value: maskField(k, value),
            secret: SECRET_FIELDS.has(k),
          })),
        );
        out.table(rows, ['active', 'profile', 'key', 'value']);
      }),
    );
  examples(
    config
      .command('use')
      .description('make a profile the active one')
      .argument('<profile>', 'a profile in the file')
      .action(
        act(async ({ out, file }, [name]) => {
          const profiles = Object.keys(file()?.profiles ?? {});
          if (!name || !profiles.includes(name))
            throw new UsageError(`no profile ${name} (profiles: ${profiles.join(', ') || 'none'})`);
          await updateConfigFile((c) => {
            c.profile = name;
          });
          out.print({ profile: name }, () => out.line(`profile ${name} is active`));
        }),
      ),
    'tollgate config use prod',
  );
}
