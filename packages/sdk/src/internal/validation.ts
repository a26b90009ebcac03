/**
 * Checks 2xx bodies against the contract's zod schemas. 'strict' throws a
 * ResponseValidationError naming each path; 'warn' logs once per operation and returns the
 * data; 'off' skips the check. The data returned is the body as received (unknown fields
 * kept), so a newer server's additions reach the caller.
 *
 * The schemas (and zod) load on a resource's first call, not at import, and only that
 * resource's (@tollgate/api's `responseSchemaLoaders`: a chunk per tag): `prefetch()` starts
 * the load when the call starts, so it overlaps the request, and `check()` waits for it only
 * if the response came first. Every later check of that operation is synchronous.
 */
import { operations, responseSchemaLoaders } from '@tollgate/api';
import { ResponseValidationError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { ValidationMode } from '../core/options';
import { lazy } from './lazy';

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

  /** Starts loading the operation's schema (once per process), unless validation is off. */
  prefetch(operationId: string): void {
    if (this.mode !== 'off' && !schemas.has(operationId))
      loadSchema(operationId)?.catch(() => undefined);
  }

  /** Checks `body` against the operation's response schema; waits for it on its first call. */
  check(operationId: string, body: unknown, requestId?: string): void | Promise<void> {
    if (this.mode === 'off') return;
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
