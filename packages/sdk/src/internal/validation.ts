/**
 * Checks 2xx bodies against the contract's zod schemas. 'strict' throws a
 * ResponseValidationError naming each path; 'warn' logs once per operation and returns the
 * data; 'off' skips the check. The data returned is the body as received (unknown fields
 * kept), so a newer server's additions reach the caller.
 *
 * A body is first run through its operation's generated check (`@tollgate/api/checks`: the
 * schema compiled to straight-line code that accepts exactly what zod accepts), which is all
 * an accepted body costs: zod's closures per field, run cold after each network wait, cost
 * ten times as much. Only a body the check refuses (or an operation without one) goes to zod,
 * for its issues, so what passes and every message are zod's.
 *
 * The checks load on a client's first call, not at import: `prefetch()` starts the load when
 * the call starts, so it overlaps the request, and `check()` waits for it only if the response
 * came first. zod and the schemas load the first time one of a resource's bodies is refused,
 * and only that resource's (@tollgate/api's `responseSchemaLoaders`: a chunk per tag). Every
 * later check is synchronous.
 */
import { operations, responseSchemaLoaders } from '@tollgate/api';
import { ResponseValidationError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { ValidationMode } from '../core/options';
import { lazy } from './lazy';

type Check = (value: unknown) => boolean;
const loadChecks = lazy(() => import('./response-checks'));
let checks: Partial<Record<string, Check>> | undefined;
async function ensureChecks(): Promise<void> {
  const loaded: Partial<Record<string, Check>> = (await loadChecks()).responseChecks;
  checks ??= loaded;
}

type Loaders = Partial<Record<string, () => Promise<Partial<Record<string, Schema>>>>>;
const loaders: Loaders = responseSchemaLoaders;
const table: Partial<Record<string, { readonly tag: string | null }>> = operations;
/** The schemas loaded so far and the loads started, by operationId (once per process). */
const schemas = new Map<string, Schema | undefined>();
const loads = new Map<string, () => Promise<Schema | undefined>>();

/**
 * Loads `operationId`'s schema (its tag's module), once; undefined, and nothing to wait for,
 * for an operation outside the contract, which has none.
 */
function loadSchema(operationId: string): Promise<Schema | undefined> | undefined {
  let load = loads.get(operationId);
  if (!load) {
    const op = Object.hasOwn(table, operationId) ? table[operationId] : undefined;
    const unit = op && (op.tag ?? operationId);
    const loader = unit !== undefined && Object.hasOwn(loaders, unit) ? loaders[unit] : undefined;
    if (!loader) {
      schemas.set(operationId, undefined);
      return undefined;
    }
    load = lazy(async () => {
      const schema = (await loader())[operationId];
      schemas.set(operationId, schema);
      return schema;
    });
    loads.set(operationId, load);
  }
  return load();
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

  /** Starts loading the checks (once per process), unless validation is off. */
  prefetch(operationId: string): void {
    if (this.mode === 'off') return;
    if (!checks) ensureChecks().catch(() => undefined);
    // An operation without a compiled check is validated by zod on every call.
    else if (!checks[operationId] && !schemas.has(operationId))
      loadSchema(operationId)?.catch(() => undefined);
  }

  /** Checks `body` against the operation's response schema; waits for the checks once. */
  check(operationId: string, body: unknown, requestId?: string): void | Promise<void> {
    if (this.mode === 'off') return;
    if (!checks) return ensureChecks().then(() => this.check(operationId, body, requestId));
    if (checks[operationId]?.(body)) return;
    return this.explain(operationId, body, requestId);
  }

  /**
   * zod's verdict and issues for a body its check refused (or an operation without a check);
   * waits for the operation's schema on its first refusal.
   */
  private explain(operationId: string, body: unknown, requestId?: string): void | Promise<void> {
    const loading = schemas.has(operationId) ? undefined : loadSchema(operationId);
    if (loading)
      return loading.then((schema) => this.validate(operationId, schema, body, requestId));
    return this.validate(operationId, schemas.get(operationId), body, requestId);
  }

  private validate(
    operationId: string,
    schema: Schema | undefined,
    body: unknown,
    requestId?: string,
  ): void {
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
