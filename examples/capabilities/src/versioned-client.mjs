// Run:ai runapy's capability: a client bound to the control-plane version, OAuth2 client
// credentials refreshed before expiry, runtime validation of responses.
import { CONTROL_PLANE_VERSION, SDK_VERSION, Tollgate } from '@tollgate/sdk';
import { assert, withDevServer } from './with-dev-server.mjs';

await withDevServer(async ({ server, tg }) => {
  const health = await tg.health();
  // Control plane X.Y binds the packages to 1.<X*100+Y>.z.
  const [major = 0, minor = 0] = CONTROL_PLANE_VERSION.split('.').map(Number);
  assert(
    SDK_VERSION.startsWith(`1.${major * 100 + minor}.`) && health.version === CONTROL_PLANE_VERSION,
    `SDK ${SDK_VERSION} is bound to control plane ${health.version}`,
  );
  const created = await tg.oauthClients.create({
    name: 'reporting',
    scopes: ['agents:read', 'usage:read'],
  });
  const oauth = new Tollgate({
    baseUrl: server.url,
    clientCredentials: { clientId: created.client.id, clientSecret: created.client_secret },
    validate: 'strict',
    logLevel: 'off',
  });
  const me = await oauth.whoami();
  assert(
    me.principal_type === 'oauth_client',
    `authenticated with client credentials as ${me.name}`,
  );
  const usage = await oauth.usage.get();
  assert(
    typeof usage.total_cost_micros === 'number',
    'responses are validated against the contract (strict)',
  );
});
