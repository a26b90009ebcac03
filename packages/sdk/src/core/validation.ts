/**
 * Checks 2xx bodies against the contract's zod schemas. 'strict' throws a
 * ResponseValidationError naming each path; 'warn' logs once per operation and returns the
 * data; 'off' skips the check. The data returned is the body as received (unknown fields
 * kept), so a newer server's additions reach the caller.
 */
import { ResponseValidationError } from './errors';
import type { Logger } from './logger';
import type { ValidationMode } from './options';

interface Schema {
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

  check(operationId: string, schema: Schema | undefined, body: unknown, requestId?: string) {
    if (this.mode === 'off' || !schema) return;
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
