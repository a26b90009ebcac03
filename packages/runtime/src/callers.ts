/**
 * Who is calling the runtime. A request that carries agent credentials (the certificate and
 * proof headers) is verified with @tollgate/identity: CA signature, proof bound to this
 * runtime's origin, method, path and exact body, replay. Any failure is 401, whatever
 * `unauthenticated` says: a forged or replayed request is never treated as anonymous. A
 * request without credentials gets what `unauthenticated` says: refused (the default) or let
 * through as nobody.
 */
import {
  CERTIFICATE_HEADER,
  createVerifier,
  IdentityError,
  PROOF_HEADER,
  type RequestVerifier,
  type VerifiedAgent,
  type VerifierOptions,
} from '@tollgate/identity';
import { createMiddleware } from 'hono/factory';
import { problem } from './problem';

export interface CallerOptions extends Omit<VerifierOptions, 'origin' | 'now'> {
  /** This runtime's public origin as callers address it. @default the URL serveAgent listens on */
  origin?: string;
  /** What a request without agent credentials gets. @default 'refuse' (401 `unauthenticated`) */
  unauthenticated?: 'refuse' | 'allow';
  /** Only these agents may call. @default every agent with a valid certificate */
  agents?: readonly string[];
}

export type RuntimeEnv = {
  Variables: {
    /** The verified calling agent, or null when unauthenticated requests are allowed. */
    caller: VerifiedAgent | null;
    /** The request body, parsed as JSON (`{}` when empty). */
    body: unknown;
  };
};

/** Failures of the verifier's own, not of the request: 503, try again. */
const UNAVAILABLE = new Set(['replay_cache_full', 'replay_cache_unavailable', 'ca_unavailable']);

/** The middleware that verifies the caller and parses the body (the bytes the proof covers). */
export function callerCheck(options: CallerOptions, origin: () => string, now: () => number) {
  let verifier: RequestVerifier | undefined;
  const { unauthenticated = 'refuse', agents, ...verify } = options;
  return createMiddleware<RuntimeEnv>(async (c, next) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const headers = c.req.raw.headers;
    let caller: VerifiedAgent | null = null;
    if (headers.has(CERTIFICATE_HEADER) || headers.has(PROOF_HEADER)) {
      verifier ??= createVerifier({ ...verify, origin: options.origin ?? origin(), now });
      try {
        caller = await verifier.verify({
          method: c.req.method,
          url: c.req.url,
          body: bytes,
          headers,
        });
      } catch (error) {
        if (!(error instanceof IdentityError)) throw error;
        return problem(c, UNAVAILABLE.has(error.code) ? 503 : 401, error.code, error.message);
      }
      if (agents && !agents.includes(caller.agentId))
        return problem(
          c,
          403,
          'caller_not_allowed',
          `agent ${caller.agentId} may not call this runtime`,
        );
    } else if (unauthenticated === 'refuse') {
      return problem(
        c,
        401,
        'unauthenticated',
        'this runtime answers agents only: sign the request',
      );
    }
    let body: unknown = {};
    if (bytes.length > 0) {
      try {
        body = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        return problem(c, 400, 'invalid_json', 'the body is not JSON');
      }
    }
    c.set('caller', caller);
    c.set('body', body);
    await next();
  });
}
