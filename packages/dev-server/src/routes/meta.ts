import { CONTROL_PLANE_VERSION } from '@tollgate/api';
import { CONTRACT_YAML } from '@tollgate/api/contract';
import { type Handlers, ok } from '../http';

export const meta = {
  getHealth: (_ctx, { state }) =>
    ok({ status: 'ok', version: CONTROL_PLANE_VERSION, api_version: 'v1', time: state.nowIso() }),
  getJwks: (_ctx, { state }) => ok(state.ca.jwks()),
  // The contract this server was built from, byte for byte: what `contract:pull` fetches.
  getOpenApi: () => ok(CONTRACT_YAML, { 'Content-Type': 'application/yaml; charset=utf-8' }),
  getWhoami: ({ principal }) =>
    ok({
      principal_type: principal.type === 'oauth_client' ? 'oauth_client' : 'api_key',
      principal_id: principal.id,
      name: principal.name,
      scopes: principal.scopes,
      project: 'default',
    }),
} satisfies Handlers;
