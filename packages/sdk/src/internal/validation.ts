/**
 * Checks 2xx bodies against the contract's response schemas. 'strict' throws a
 * ResponseValidationError naming each path; 'warn' logs once per operation and returns the
 * data; 'off' skips the check. The data returned is the body as received (unknown fields
 * kept), so a newer server's additions reach the caller.
 *
 * A body is run through its operation's generated check (`@tollgate/api/checks`: the zod
 * schema compiled to plain code that accepts exactly what zod accepts), which is all
 * an accepted body costs. A refused body is walked by the check's generated explain walk
 * (`@tollgate/api/issues`) for its issues (the first at the path of zod's first issue; the
 * messages are the SDK's own), so zod never loads.
 *
 * The checks load on a client's first call, not at import: `prefetch()` starts the load when
 * the call starts, so it overlaps the request, and `check()` waits for it only if the response
 * came first. The walks load with the first refused body. Every later check is synchronous.
 */
import { ResponseValidationError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { ValidationMode } from '../core/options';
import { lazy } from './lazy';

type Check = (value: unknown) => boolean;
type Issues = (value: unknown) => { path: (string | number)[]; message: string }[];
const loadChecks = lazy(() => import('./response-checks'));
const loadIssues = lazy(() => import('./response-issues'));
let checks: Partial<Record<string, Check>> | undefined;
let walks: Partial<Record<string, Issues>> | undefined;
async function ensureChecks(): Promise<void> {
  const loaded: Partial<Record<string, Check>> = (await loadChecks()).responseChecks;
  checks ??= loaded;
}
async function ensureWalks(): Promise<void> {
  const loaded: Partial<Record<string, Issues>> = (await loadIssues()).responseIssues;
  walks ??= loaded;
}

export class ResponseValidator {
  private readonly warned = new Set<string>();

  constructor(
    private readonly mode: ValidationMode,
    private readonly logger: Logger,
  ) {}

  /** Starts loading the checks (once per process), unless validation is off. */
  prefetch(): void {
    if (this.mode !== 'off' && !checks) ensureChecks().catch(() => undefined);
  }

  /** Checks `body` against the operation's response schema; waits for the checks once. */
  check(operationId: string, body: unknown, requestId?: string): void | Promise<void> {
    if (this.mode === 'off') return;
    if (!checks) return ensureChecks().then(() => this.check(operationId, body, requestId));
    if (checks[operationId]?.(body) ?? true) return;
    return this.refuse(operationId, body, requestId);
  }

  /** Words a refused body from its check's walk; waits for the walks on the first refusal. */
  private refuse(operationId: string, body: unknown, requestId?: string): void | Promise<void> {
    if (!walks) return ensureWalks().then(() => this.refuse(operationId, body, requestId));
    const issues = (walks[operationId]?.(body) ?? []).map((i) => ({
      path: i.path.map(String).join('.'),
      message: i.message,
    }));
    const summary = issues
      .slice(0, 5)
      .map((i) => `${i.path || '(root)'}: ${i.message}`)
      .join('; ');
    const message = `${operationId} response does not match the contract: ${summary}`;
    if (this.mode === 'strict') throw new ResponseValidationError(message, issues, requestId);
    if (!this.warned.has(operationId)) {
      this.warned.add(operationId);
      this.logger.warn(message);
    }
  }
}
