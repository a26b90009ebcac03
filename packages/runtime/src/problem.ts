/** The runtime's own errors, as RFC 9457 problem details with a stable `code` (as the control plane answers). */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export function problem(c: Context, status: ContentfulStatusCode, code: string, detail: string) {
  return c.body(JSON.stringify({ type: 'about:blank', status, code, detail }), status, {
    'content-type': 'application/problem+json',
  });
}
