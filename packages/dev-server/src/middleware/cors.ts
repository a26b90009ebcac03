/**
 * CORS for browser apps on another local port. Safe to open to every origin: credentials
 * are bearer headers and proofs, never cookies, so a foreign page can do nothing a direct
 * request could not.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const EXPOSED = [
  'X-Request-Id',
  'X-Tollgate-Version',
  'X-Tollgate-Cost-Micros',
  'X-Tollgate-Budget-Remaining-Micros',
  'Idempotent-Replayed',
  'Retry-After',
].join(', ');

/** Adds CORS headers; answers a preflight and returns true when the request was one. */
export function cors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED);
  if (req.method !== 'OPTIONS' || !req.headers['access-control-request-method']) return false;
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
    'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
    'Access-Control-Max-Age': '600',
  });
  res.end();
  return true;
}
