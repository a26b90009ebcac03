/** Scoped operator API keys: `tollgate api-keys …` and the key MCP tools. */
import { zApiKeyCreate } from '@tollgate/api/schemas';
import { z } from 'zod';
import { ADD, CHANGE, READ } from '../mcp/common';
import { list as commaList } from '../parse';
import { action, list } from './define';
import { arg, described, flag, id } from './fields';

export const keyOperations = [
  list({
    tool: {
      name: 'list_api_keys',
      title: 'List API keys',
      description: 'Operator API keys with their scopes (never their secrets).',
      annotations: READ,
    },
    input: z.object({}),
    list: (tg) => tg.apiKeys.list(),
    command: {
      path: ['api-keys', 'list'],
      help: 'list keys (never their secrets)',
      fields: {},
      columns: ['id', 'name', 'prefix', 'scopes', 'revoked_at'],
    },
  }),
  action({
    tool: {
      name: 'create_api_key',
      title: 'Create an API key',
      description:
        'MUTATION: create a scoped operator API key; the answer holds its secret, shown once.',
      annotations: ADD,
    },
    input: z.object({
      name: zApiKeyCreate.shape.name,
      scopes: described(zApiKeyCreate.shape.scopes, 'e.g. ["runs:read", "audit:read"]'),
      expires_at: described(zApiKeyCreate.shape.expires_at, 'ISO 8601'),
    }),
    run: (tg, key) => tg.apiKeys.create(key),
    command: {
      path: ['api-keys', 'create'],
      help: 'create a key; its secret is shown once',
      fields: {
        name: arg('<name>', 'what the key is for'),
        scopes: flag('--scopes <list>', 'comma-separated, e.g. runs:read,audit:read', commaList),
        expires_at: flag('--expires-at <date>', 'when it stops working (ISO 8601)'),
      },
      show: (out, created) =>
        out.line(`created ${created.api_key.id}; the key is shown once:\n${created.secret}`),
      examples: ['tollgate api-keys create ci-reader --scopes runs:read,audit:read'],
    },
  }),
  action({
    tool: {
      name: 'revoke_api_key',
      title: 'Revoke an API key',
      description: 'MUTATION: revoke an API key at once.',
      annotations: CHANGE,
    },
    input: z.object({ key_id: id('the key') }),
    run: (tg, { key_id }) => tg.apiKeys.revoke(key_id),
    command: {
      path: ['api-keys', 'revoke'],
      help: 'revoke a key at once',
      fields: { key_id: arg('<key-id>', 'the key') },
      confirm: ({ key_id }) => `revoke API key ${key_id}`,
      show: (out, k) => out.line(`revoked ${k.id}`),
    },
  }),
];
