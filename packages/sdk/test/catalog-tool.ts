/**
 * A tool in the catalog for one agent's governance tests (the SDK's and the integrations'):
 * `${agentId}-${name}` with the given policy, at a base URL nothing listens on.
 */
export type Policy = 'allow' | 'approval_required' | 'deny';

interface Catalog {
  tools: {
    register(body: {
      name: string;
      description: string;
      base_url: string;
      auth_type: 'none';
      policy: Policy;
    }): PromiseLike<{ id: string }>;
  };
}

/** Registers the tool and returns its catalog id. */
export async function catalogTool(tg: Catalog, agentId: string, name: string, policy: Policy) {
  const entry = await tg.tools.register({
    name: `${agentId}-${name}`,
    description: name,
    base_url: 'http://127.0.0.1/support',
    auth_type: 'none',
    policy,
  });
  return entry.id;
}
