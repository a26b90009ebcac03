/**
 * Checks 2xx bodies against the contract's zod schemas. 'strict' throws a
 * ResponseValidationError naming each path; 'warn' logs once per operation and returns the
 * data; 'off' skips the check. The data returned is the body as received (unknown fields
 * kept), so a newer server's additions reach the caller.
 *
 * The schemas (and zod) load on a client's first call, not at import: `prefetch()` starts the
 * load when the call starts, so it overlaps the request, and `check()` waits for it only if
 * the response came first. Every later check is synchronous.
 */
import { ResponseValidationError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { ValidationMode } from '../core/options';
import { lazy } from './lazy';

const loadSchemas = lazy(() => import('./response-schemas'));
let schemas: Partial<Record<string, Schema>> | undefined;
async function ensureSchemas(): Promise<void> {
  const loaded: Partial<Record<string, Schema>> = (await loadSchemas()).responseSchemas;
  schemas ??= loaded;
}

/** What the validator needs of a schema (a zod schema has it). */
export interface Schema {
  safeParse(value: unknown): {
    success: boolean;
    error?: { issues: { path: PropertyKey[]; message: string }[] };
  };
}

export class ResponseValidator {
  private readonly warned = new Set<string>();

  constructor(
    private readonly mode: ValidationMode,
    private readonly logger: Logger,
  ) {}

  /** Starts loading the schemas (once per process), unless validation is off. */
  prefetch(): void {
    if (this.mode !== 'off' && !schemas) ensureSchemas().catch(() => undefined);
  }

  /** Checks `body` against the operation's response schema; waits for the schemas once. */
  check(operationId: string, body: unknown, requestId?: string): void | Promise<void> {
    if (this.mode === 'off') return;
    if (!schemas) return ensureSchemas().then(() => this.check(operationId, body, requestId));
    const schema = schemas[operationId];
    if (!schema) return;
    const result = schema.safeParse(body);
    if (result.success) return;
    const issues = (result.error?.issues ?? []).map((i) => ({
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
