/**
 * Request validation with the contract's generated zod schemas: path, query, header
 * parameters and body. Every failure is one 422 validation_failed naming each field
 * (`body.name`, `query.limit`, `header.Idempotency-Key`).
 */
import type { IncomingMessage } from 'node:http';
import type { OperationInfo } from '@tollgate/api';
import { HttpProblem, validationFailed } from './problem';

/** LLM prompts can be long; anything larger than this is not a dev-server request. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface Schema {
  safeParse(value: unknown): {
    success: boolean;
    data?: unknown;
    error?: { issues: Issue[] };
  };
}

interface Issue {
  code?: string;
  path: PropertyKey[];
  message: string;
  /** On an `unrecognized_keys` issue: the fields the contract does not have. */
  keys?: string[];
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      size > MAX_BODY_BYTES
        ? reject(new HttpProblem(400, 'bad_request', `The body exceeds ${MAX_BODY_BYTES} bytes.`))
        : resolve(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

export function parseBody(op: OperationInfo, raw: Buffer, contentType: string | undefined) {
  if (raw.length === 0) return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpProblem(400, 'bad_request', `The body of ${op.id} is not valid JSON.`);
  }
}

/** Checks `value` against `schema`; returns the parsed value (defaults applied). */
export function validate(where: string, schema: Schema | undefined, value: unknown): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const at = (issue: Issue, ...more: string[]) =>
    [where, ...issue.path.map(String), ...more].join('.');
  throw validationFailed(
    (result.error?.issues ?? []).flatMap((issue) =>
      issue.code === 'unrecognized_keys' && issue.keys
        ? issue.keys.map((key) => ({
            path: at(issue, key),
            message: 'Not a field of the contract',
          }))
        : [{ path: at(issue), message: issue.message }],
    ),
  );
}

/** An optional body may be absent; a present one must match the contract. */
export function checkBody(op: OperationInfo, schema: Schema | undefined, body: unknown): unknown {
  if (!op.requestContentType) return undefined;
  if (body === undefined && !op.requestBodyRequired) return undefined;
  return validate('body', schema, body);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A zod schema's definition (`_zod.def`: its `type`, `innerType`, `shape`), read field by field. */
function defOf(schema: unknown) {
  const zod = isRecord(schema) ? schema._zod : undefined;
  return isRecord(zod) && isRecord(zod.def) ? zod.def : undefined;
}

/** The scalar type a (possibly optional or defaulted) schema field expects. */
function scalarType(field: unknown): string | undefined {
  let def = defOf(field);
  while (def?.innerType) def = defOf(def.innerType);
  return typeof def?.type === 'string' ? def.type : undefined;
}

/**
 * Query strings carry text: values are converted to numbers or booleans only where the
 * contract's schema expects one, so an agent id like `42` stays a string.
 */
export function coerceQuery(schema: unknown, query: URLSearchParams): Record<string, unknown> {
  const shape = defOf(schema)?.shape;
  const out: Record<string, unknown> = {};
  for (const [key, value] of query) {
    const type = scalarType(isRecord(shape) ? shape[key] : undefined);
    if (type === 'number' && /^-?\d+(\.\d+)?$/.test(value)) out[key] = Number(value);
    else if (type === 'boolean' && (value === 'true' || value === 'false'))
      out[key] = value === 'true';
    else out[key] = value;
  }
  return out;
}

/** The operation's header parameters, keyed by their contract names. */
export function headerParams(op: OperationInfo, req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of op.parameters.header) {
    const value = req.headers[name.toLowerCase()];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
