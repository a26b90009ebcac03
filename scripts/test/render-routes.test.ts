import { describe, expect, it } from 'vitest';
import { bySpecificity, templatePattern } from '../lib/render-routes.mjs';

/** The regular expression a template compiles to, as the generated module holds it. */
const compile = (template: string) => {
  const literal = templatePattern(template);
  return new RegExp(literal.slice(1, -1));
};

describe('path templates → matchers (routes.ts)', () => {
  it('escapes static segments and names each parameter', () => {
    expect(templatePattern('/v1/openapi.yaml')).toBe('/^\\/v1\\/openapi\\.yaml$/');
    expect(compile('/v1/agents/{agent_id}/budget').exec('/v1/agents/a%20b/budget')?.groups).toEqual(
      { agent_id: 'a%20b' },
    );
    expect(compile('/v1/agents/{agent_id}').test('/v1/agents/a/b')).toBe(false);
  });

  it('refuses a parameter name that cannot name a group', () => {
    expect(() => templatePattern('/v1/things/{thing-id}')).toThrow(/not an identifier/);
  });

  it('puts a static segment before a parameter in the same place', () => {
    const templates = ['/v1/runs/{run_id}', '/v1/runs/export', '/v1/runs', '/v1/{any}/export'];
    expect(templates.sort(bySpecificity)).toEqual([
      '/v1/runs',
      '/v1/runs/export',
      '/v1/runs/{run_id}',
      '/v1/{any}/export',
    ]);
  });
});
