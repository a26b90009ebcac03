/** login, logout, whoami and auth status: which credential this terminal uses, and does it work? */
import { updateConfigFile } from '@tollgate/sdk/node';
import type { Command } from 'commander';
import { type Credential, checkCredential, credentialOf } from '../credentials';
import { UsageError } from '../errors';
import { maskSecret } from '../secrets';
import { readStdin } from '../stdin';
import { act, examples } from './action';

interface StatusRow {
  profile: string;
  active: boolean;
  endpoint: string | null;
  credential: string;
  ok: boolean;
  principal?: string;
  scopes?: string[];
  error?: string;
}

export function registerSession(program: Command) {
  examples(
    program
      .command('login')
      .description('store a credential in the profile, after checking it against the control plane')
      .option('--with-token', 'read an API key from stdin')
      .option('--client-id <id>', 'OAuth2 client id (client credentials)')
      .option('--client-secret-stdin', 'read the OAuth2 client secret from stdin')
      .option(
        '--client-secret <secret>',
        'OAuth2 client secret (visible to other users in the process list: prefer stdin or TOLLGATE_CLIENT_SECRET)',
      )
      .action(
        act(async ({ out, globals, file, profileName }, _args, o) => {
          const name = profileName();
          const saved = file()?.profiles?.[name] ?? {};
          const baseUrl = globals.endpoint || process.env.TOLLGATE_BASE_URL || saved.endpoint;
          if (!baseUrl) throw new UsageError('no control-plane URL: pass --endpoint <url>');
          let credential: Credential;
          if (o.withToken) {
            if (o.clientId) throw new UsageError('--with-token and --client-id exclude each other');
            const apiKey = (await readStdin()).trim();
            if (!apiKey) throw new UsageError('--with-token: no API key on stdin');
            credential = { apiKey };
          } else {
            if (!o.clientId)
              throw new UsageError('pass --with-token (an API key on stdin) or --client-id');
            const clientSecret = o.clientSecretStdin
              ? (await readStdin()).trim()
              : (o.clientSecret as string | undefined) || process.env.TOLLGATE_CLIENT_SECRET;
            if (!clientSecret)
              throw new UsageError(
                'no client secret: --client-secret-stdin, TOLLGATE_CLIENT_SECRET or --client-secret',
              );
            credential = { clientId: String(o.clientId), clientSecret };
          }
          const me = await checkCredential(baseUrl, credential);
          // The profile holds one credential: the one just checked.
          await updateConfigFile((c) => {
            c.profile ??= name;
            c.profiles ??= {};
            const {
              api_key: _k,
              client_id: _i,
              client_secret: _s,
              ...rest
            } = c.profiles[name] ?? {};
            c.profiles[name] = {
              ...rest,
              endpoint: baseUrl,
              ...('apiKey' in credential
                ? { api_key: credential.apiKey }
                : { client_id: credential.clientId, client_secret: credential.clientSecret }),
            };
          });
          out.print({ profile: name, principal: me }, () =>
            out.line(`logged in as ${me.name} (${me.principal_id}); saved to profile ${name}`),
          );
        }),
      ),
    'tollgate login --endpoint https://tollgate.example.com --with-token < key.txt',
    'tollgate login --client-id oc_123 --client-secret-stdin < secret.txt',
    'TOLLGATE_CLIENT_SECRET=… tollgate --profile ci login --client-id oc_123',
  );

  program
    .command('logout')
    .description("remove the profile's credential (its endpoint stays)")
    .action(
      act(async ({ out, file, profileName }) => {
        const name = profileName();
        if (!credentialOf(file()?.profiles?.[name] ?? {}))
          throw new Error(`profile ${name} holds no credential`);
        await updateConfigFile((c) => {
          const {
            api_key: _k,
            client_id: _i,
            client_secret: _s,
            ...rest
          } = c.profiles?.[name] ?? {};
          c.profiles = { ...c.profiles, [name]: rest };
        });
        out.print({ profile: name, logged_out: true }, () =>
          out.line(`logged out of profile ${name}`),
        );
      }),
    );

  program
    .command('whoami')
    .description('who the configured credential belongs to')
    .action(
      act(async ({ out, client }) => {
        const me = await client().whoami();
        out.print(me, () =>
          out.line(
            `${me.name} (${me.principal_type} ${me.principal_id}) on ${client().baseUrl}, scopes: ${me.scopes.join(' ')}`,
          ),
        );
      }),
    );

  const auth = program.command('auth').description('the credentials of each profile');
  examples(
    auth
      .command('status')
      .description(
        'each profile (or the --profile one): endpoint, credential, and whether it works',
      )
      .action(
        act(async ({ out, globals, file, profileName }) => {
          const active = profileName();
          const all = Object.entries(file()?.profiles ?? {});
          const chosen = globals.profile ? all.filter(([n]) => n === globals.profile) : all;
          if (globals.profile && chosen.length === 0)
            throw new UsageError(`no profile ${globals.profile}`);
          const rows: StatusRow[] = [];
          for (const [name, profile] of chosen) {
            const credential = credentialOf(profile);
            const shown = !credential
              ? 'none'
              : 'apiKey' in credential
                ? `api key ${maskSecret(credential.apiKey)}`
                : `client ${credential.clientId}`;
            const checked =
              credential && profile.endpoint
                ? await checkCredential(profile.endpoint, credential).then(
                    (me) => ({
                      ok: true,
                      principal: `${me.name} (${me.principal_id})`,
                      scopes: me.scopes,
                    }),
                    (e: Error) => ({ ok: false, error: e.message }),
                  )
                : { ok: false, error: credential ? 'no endpoint' : 'not logged in' };
            rows.push({
              profile: name,
              active: name === active,
              endpoint: profile.endpoint ?? null,
              credential: shown,
              ...checked,
            });
          }
          const env = ['TOLLGATE_API_KEY', 'TOLLGATE_BASE_URL', 'TOLLGATE_CLIENT_ID'].filter(
            (v) => process.env[v],
          );
          out.print(rows, () => {
            if (rows.length === 0) out.line('no profiles: run `tollgate login` or `tollgate dev`');
            for (const r of rows)
              out.line(
                `${r.active ? '*' : ' '} ${r.profile}: ${r.endpoint ?? 'no endpoint'}, ${r.credential}: ${
                  'principal' in r
                    ? out.color(32, `✓ ${r.principal}`)
                    : out.color(31, `✗ ${r.error}`)
                }`,
              );
            if (env.length)
              out.line(`(${env.join(', ')} set: the environment overrides the active profile)`);
          });
          if (rows.some((r) => !r.ok)) process.exitCode = 1;
        }),
      ),
    'tollgate auth status',
    'tollgate --profile prod auth status --json',
  );
}
