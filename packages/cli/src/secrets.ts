/**
 * What the CLI may show of a stored secret: its type prefix when it has a known one
 * (`tg_live_…`), nothing else.
 */
import { statSync } from 'node:fs';
import { type ConfigFile, configPath } from '@tollgate/sdk/node';

export const SECRET_FIELDS = new Set(['api_key', 'client_secret']);
const PREFIXES = ['tg_live_', 'tg_test_', 'tgcs_', 'tgat_', 'whsec_'];

/** A secret as the CLI shows it: its known prefix and "…", or "…" alone. */
export const maskSecret = (value: string) => `${PREFIXES.find((p) => value.startsWith(p)) ?? ''}…`;

export const maskField = (field: string, value: string | undefined) =>
  value === undefined ? undefined : SECRET_FIELDS.has(field) ? maskSecret(value) : value;

/**
 * A config file holding a secret must not be readable by others: a warning on every command,
 * a refusal with --strict. (The CLI writes it 0600; a copy or an editor may not.)
 */
export function checkConfigPermissions(
  file: ConfigFile | undefined,
  strict: boolean,
  warn = (s: string) => process.stderr.write(s),
): void {
  if (!file || process.platform === 'win32') return;
  const holdsSecret = Object.values(file.profiles ?? {}).some((p) =>
    Object.keys(p).some((k) => SECRET_FIELDS.has(k)),
  );
  if (!holdsSecret) return;
  const path = configPath();
  const mode = statSync(path, { throwIfNoEntry: false })?.mode;
  if (mode === undefined || (mode & 0o077) === 0) return;
  const problem = `${path} holds a secret and is readable by others (mode ${(mode & 0o777).toString(8)}); run \`chmod 600 ${path}\``;
  if (strict) throw new Error(`${problem} (refused: --strict)`);
  warn(`warning: ${problem}\n`);
}
