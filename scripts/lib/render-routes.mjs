import { generatedHeader } from './generated-header.mjs';

const HEADER = generatedHeader('scripts/generate.mjs');

/** A parameter in a segment: the whole segment, or beside static text (`{model}:generateContent`). */
const PARAM = /\{[^}]*\}/;
const PARAMS = /\{[^}]*\}/g;

/** Refuses a template the matcher cannot read: more than one parameter in one segment. */
function checkTemplate(template) {
  for (const segment of template.split('/')) {
    if ((segment.match(PARAMS) ?? []).length > 1)
      throw new Error(`${template}: one path parameter per segment (${segment})`);
  }
}

/**
 * Orders templates so the most specific wins: by segment count (templates of different
 * lengths never match the same path), then segment by segment a static segment before one
 * with a parameter (`/v1/runs/export` before `/v1/runs/{run_id}`), then by path.
 */
export function bySpecificity(a, b) {
  const sa = a.split('/');
  const sb = b.split('/');
  if (sa.length !== sb.length) return sa.length - sb.length;
  for (let i = 0; i < sa.length; i++) {
    const pa = PARAM.test(sa[i]);
    const pb = PARAM.test(sb[i]);
    if (pa !== pb) return pa ? 1 : -1;
  }
  return a.localeCompare(b);
}

/**
 * Renders routes.ts: each method's operations, most specific template first, matched segment
 * by segment against the operation table's own path templates (split once, on first use).
 * No regular expression per route: the table already holds every template, so the module
 * adds a list of ids and one small matcher to a bundle, whatever the contract's size.
 */
export function renderRoutes(table) {
  const byMethod = new Map();
  for (const op of Object.values(table)) {
    if (!byMethod.has(op.method)) byMethod.set(op.method, []);
    byMethod.get(op.method).push(op);
    checkTemplate(op.path);
  }
  const groups = [...byMethod.keys()].sort().map((method) => {
    const ids = byMethod
      .get(method)
      .sort((a, b) => bySpecificity(a.path, b.path))
      .map((op) => `    '${op.id}',`);
    return `  ['${method}', [\n${ids.join('\n')}\n  ]],`;
  });
  return `${HEADER}
import { type OperationId, operations } from './operations';

/** The contract operation behind a method and path, with its path parameters. */
export interface RouteMatch {
  readonly id: OperationId;
  /** Path parameters by their contract names, as sent: still percent-encoded. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Each method's operations, the most specific path template first: templates of one length
 * compete, and in the same place a static segment wins over a parameter.
 */
const ROUTES: ReadonlyMap<string, readonly OperationId[]> = /*#__PURE__*/ new Map<string, readonly OperationId[]>([
${groups.join('\n')}
]);

/** Each template's segments, split once: \`{name}\` is a parameter, the rest literal. */
const SEGMENTS: Map<string, readonly string[]> = /*#__PURE__*/ new Map<string, readonly string[]>();

function segmentsOf(id: OperationId): readonly string[] {
  let segments = SEGMENTS.get(id);
  if (!segments) {
    segments = operations[id].path.split('/');
    SEGMENTS.set(id, segments);
  }
  return segments;
}

/**
 * Finds the operation of the contract that \`method\` and \`pathname\` (no query string) call,
 * or \`undefined\` when there is none: the whole path, static segments exactly, each parameter
 * one non-empty segment. Both the dev server's router and the SDK's escape hatch
 * (\`tg.request\`) route with it.
 */
export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  const ids = ROUTES.get(method.toUpperCase());
  if (!ids) return undefined;
  const parts = pathname.split('/');
  for (const id of ids) {
    const params = matchSegments(segmentsOf(id), parts);
    if (params) return { id, params };
  }
  return undefined;
}

function matchSegments(
  template: readonly string[],
  parts: readonly string[],
): Record<string, string> | undefined {
  if (template.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const want = template[i] ?? '';
    const got = parts[i] ?? '';
    const open = want.indexOf('{');
    const close = want.indexOf('}', open);
    if (open === -1 || close === -1) {
      if (want !== got) return undefined;
      continue;
    }
    // One parameter per segment, whole or beside static text (\`{model}:generateContent\`):
    // the text around it must match exactly and leave the parameter non-empty.
    const before = want.slice(0, open);
    const after = want.slice(close + 1);
    if (got.length <= before.length + after.length) return undefined;
    if (!got.startsWith(before) || !got.endsWith(after)) return undefined;
    params[want.slice(open + 1, close)] = got.slice(before.length, got.length - after.length);
  }
  return params;
}
`;
}
