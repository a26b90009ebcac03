import { activeProfile, configPath, readConfigFile, updateConfigFile } from '@tollgate/sdk/node';
import type { Command } from 'commander';
import { contextOf } from '../context';

const KEYS = {
  endpoint: 'endpoint',
  'api-key': 'api_key',
  'client-id': 'client_id',
  'client-secret': 'client_secret',
  'ca-public-key': 'ca_public_key',
} as const;
const SECRET = new Set(['api_key', 'client_secret']);

export const mask = (key: string, value: string | undefined) =>
  value === undefined
    ? undefined
    : SECRET.has(key)
      ? `${value.slice(0, 8)}…${'*'.repeat(4)}`
      : value;

export function registerConfig(program: Command) {
  const config = program
    .command('config')
    .description('read and write ~/.tollgate/config.json (0600); env overrides it');
  config
    .command('set')
    .description(`set a value of the active profile: ${Object.keys(KEYS).join(', ')}`)
    .argument('<key>')
    .argument('<value>')
    .action(async (key: string, value: string, _o, command: Command) => {
      const field = KEYS[key as keyof typeof KEYS];
      if (!field)
        throw Object.assign(
          new Error(`unknown key ${key} (one of ${Object.keys(KEYS).join(', ')})`),
          { usage: true },
        );
      const { name } = activeProfile();
      await updateConfigFile((c) => {
        c.profile ??= name;
        c.profiles ??= {};
        c.profiles[name] = { ...c.profiles[name], [field]: value };
      });
      contextOf(command).out.print({ profile: name, key, value: mask(field, value) }, () =>
        contextOf(command).out.line(`set ${key} in profile ${name} (${configPath()})`),
      );
    });
  config
    .command('get')
    .argument('<key>')
    .description('print one value of the active profile (secrets masked)')
    .action((key: string, _o, command: Command) => {
      const field = KEYS[key as keyof typeof KEYS];
      if (!field) throw Object.assign(new Error(`unknown key ${key}`), { usage: true });
      const value = mask(field, activeProfile().config[field]);
      contextOf(command).out.print({ key, value: value ?? null }, () =>
        contextOf(command).out.line(value ?? ''),
      );
    });
  config
    .command('list')
    .description('print every profile (secrets masked)')
    .action((_o, command: Command) => {
      const file = readConfigFile() ?? {};
      const { out } = contextOf(command);
      const rows = Object.entries(file.profiles ?? {}).flatMap(([profile, values]) =>
        Object.entries(values).map(([key, value]) => ({
          profile,
          key,
          value: mask(key, value as string),
          active: profile === activeProfile(file).name ? '*' : '',
        })),
      );
      out.table(rows, ['active', 'profile', 'key', 'value']);
    });
}
