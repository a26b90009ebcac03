import { describe, expect, it } from 'vitest';
import { bySpecificity, renderRoutes } from '../lib/render-routes.mjs';

describe('path templates → matchers (routes.ts)', () => {
  it('puts a static segment before a parameter in the same place', () => {
    const templates = ['/v1/runs/{run_id}', '/v1/runs/export', '/v1/runs', '/v1/{any}/export'];
    expect(templates.sort(bySpecificity)).toEqual([
      '/v1/runs',
      '/v1/runs/export',
      '/v1/runs/{run_id}',
      '/v1/{any}/export',
    ]);
  });

  it('puts a segment with a parameter, whole or beside static text, after a static one', () => {
    const templates = ['/v1/models/{model}:run', '/v1/models/list'];
    expect(templates.sort(bySpecificity)).toEqual(['/v1/models/list', '/v1/models/{model}:run']);
  });

  it('refuses two parameters in one segment (the matcher reads one)', () => {
    const table = { x: { id: 'x', method: 'GET', path: '/v1/x/{a}.{b}' } };
    expect(() => renderRoutes(table)).toThrow(/one path parameter per segment/);
  });

  it('lists ids per method, most specific first, and compiles no regular expression per route', () => {
    const table = {
      getRun: { id: 'getRun', method: 'GET', path: '/v1/runs/{run_id}' },
      exportRuns: { id: 'exportRuns', method: 'GET', path: '/v1/runs/export' },
      deleteRun: { id: 'deleteRun', method: 'DELETE', path: '/v1/runs/{run_id}' },
    };
    const source = renderRoutes(table);
    expect(source.indexOf("'exportRuns'")).toBeLessThan(source.indexOf("'getRun'"));
    expect(source).toContain("['DELETE', [\n    'deleteRun',\n  ]],");
    // The templates are read from the operation table, not repeated as patterns.
    expect(source).not.toContain('/v1/runs');
    expect(source).not.toMatch(/\(\?<\w+>/);
  });
});
