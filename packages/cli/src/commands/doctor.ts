/** tollgate doctor: reachability, versions, CA pin, clock skew and file permissions. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CONTROL_PLANE_VERSION, SDK_VERSION } from '@tollgate/sdk';
import { activeProfile, configDir, configPath } from '@tollgate/sdk/node';
import type { Command } from 'commander';
import { contextOf } from '../context';

export function registerDoctor(program: Command) {
  program
    .command('doctor')
    .description('check reachability, versions, CA pin, clock skew and file permissions')
    .action(async (_o, command: Command) => {
      const { out, client } = contextOf(command);
      const checks: { check: string; ok: boolean; detail: string }[] = [];
      const add = (check: string, ok: boolean, detail: string) =>
        checks.push({ check, ok, detail });
      try {
        const tg = client();
        const { data: health, response } = await tg.health().withResponse();
        add('reachable', true, `${tg.baseUrl} answers (${health.status})`);
        const minor = health.version.split('.').slice(0, 2).join('.');
        add(
          'version',
          minor === CONTROL_PLANE_VERSION.split('.').slice(0, 2).join('.'),
          `control plane ${health.version}, SDK ${SDK_VERSION} bound to ${CONTROL_PLANE_VERSION}`,
        );
        const serverDate = Date.parse(response.headers.get('date') ?? '');
        const skew = Number.isNaN(serverDate)
          ? Number.NaN
          : Math.round((Date.now() - serverDate) / 1000);
        add(
          'clock',
          Number.isNaN(skew) || Math.abs(skew) <= 30,
          Number.isNaN(skew) ? 'server sent no Date header' : `skew ${skew}s (proofs tolerate 30s)`,
        );
        const pinned = process.env.TOLLGATE_CA_PUBLIC_KEY || activeProfile().config.ca_public_key;
        const jwks = await tg.jwks();
        const pinOk =
          !pinned || jwks.keys.some((k) => k.x === pinned || JSON.stringify(k).includes(pinned));
        add(
          'ca pin',
          Boolean(pinned) && pinOk,
          pinned
            ? pinOk
              ? 'pinned CA key is served by the JWKS'
              : 'pinned CA key is NOT in the served JWKS'
            : 'no CA key pinned (TOLLGATE_CA_PUBLIC_KEY): certificates are checked against the served JWKS only',
        );
        const me = await tg.whoami().then(
          (v) => v,
          (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
        );
        add(
          'credentials',
          !(me instanceof Error),
          me instanceof Error ? me.message : `${me.name} with ${me.scopes.length} scope(s)`,
        );
      } catch (error) {
        add('reachable', false, error instanceof Error ? error.message : String(error));
      }
      for (const file of await filesToCheck()) {
        const mode = (await stat(file)).mode & 0o777;
        const secretFile = !file.endsWith('agents') && !file.endsWith('.tollgate');
        const want = secretFile ? 0o600 : 0o700;
        add(
          'permissions',
          (mode & 0o077) === 0,
          `${file} is ${mode.toString(8)} (want ${want.toString(8)})`,
        );
      }
      out.print(checks, () => {
        for (const c of checks)
          out.line(
            `${c.ok ? out.color(32, '✓') : out.color(31, '✗')} ${c.check.padEnd(12)} ${c.detail}`,
          );
      });
      if (checks.some((c) => !c.ok)) process.exitCode = 1;
    });
}

async function filesToCheck(): Promise<string[]> {
  const dir = configDir();
  if (!dir) return [];
  const files = [dir, configPath(), join(dir, 'agents')];
  const agents = await readdir(join(dir, 'agents')).catch(() => []);
  files.push(...agents.filter((f) => f.endsWith('.json')).map((f) => join(dir, 'agents', f)));
  const present: string[] = [];
  for (const f of files) if (await stat(f).catch(() => undefined)) present.push(f);
  return present;
}
