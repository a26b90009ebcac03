import { generatedHeader } from './generated-header.mjs';

const HEADER = generatedHeader('scripts/generate.mjs');

const PARAM = /^\{([^}]*)\}$/;
/** A parameter becomes a named capture group, so its name must be a JavaScript identifier. */
const GROUP_NAME = /^[A-Za-z_$][\w$]*$/;

/**
 * A path template as an anchored regular expression: static segments literally, each
 * `{name}` as the named group `(?<name>[^/]+)` (one non-empty segment, still percent-encoded).
 */
export function templatePattern(template) {
  const source = template
    .split('/')
    .map((segment) => {
      const param = PARAM.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      if (!GROUP_NAME.test(param[1])) {
        throw new Error(`path parameter {${param[1]}} of ${template} is not an identifier`);
      }
      return `(?<${param[1]}>[^/]+)`;
    })
    .join('\\/');
  return `/^${source}$/`;
}

/**
 * Orders templates so the most specific wins: by segment count (templates of different
 * lengths never match the same path), then segment by segment a static segment before a
 * parameter (`/v1/runs/export` before `/v1/runs/{run_id}`), then by path.
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

/** Renders routes.ts: every operation's path template compiled once, grouped by method. */
export function renderRoutes(table) {
  const byMethod = new Map();
  for (const op of Object.values(table)) {
    if (!byMethod.has(op.method)) byMethod.set(op.method, []);
    byMethod.get(op.method).push(op);
  }
  const groups = [...byMethod.keys()].sort().map((method) => {
    const rows = byMethod
      .get(method)
      .sort((a, b) => bySpecificity(a.path, b.path))
      .map((op) => `    ['${op.id}', ${templatePattern(op.path)}],`);
    return `  [\n    '${method}',\n    [\n${rows.map((r) => `  ${r}`).join('\n')}\n    ],\n  ],`;
  });
  return `${HEADER}
import type { OperationId } from './operations';

/** The contract operation behind a method and path, with its path parameters. */
export interface RouteMatch {
  readonly id: OperationId;
  /** Path parameters by their contract names, as sent: still percent-encoded. */
  readonly params: Readonly<Record<string, string>>;
}

type Route = readonly [id: OperationId, pattern: RegExp];

/**
 * Each method's path templates as anchored regular expressions with a named group per
 * parameter, compiled here once; within a method a static segment wins over a parameter.
 */
const ROUTES: ReadonlyMap<string, readonly Route[]> = /*#__PURE__*/ new Map<string, readonly Route[]>([
${groups.join('\n')}
]);

/**
 * Finds the operation of the contract that \`method\` and \`pathname\` (no query string) call,
 * or \`undefined\` when there is none. Both the dev server's router and the SDK's escape hatch
 * (\`tg.request\`) route with it.
 */
export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  for (const [id, pattern] of ROUTES.get(method.toUpperCase()) ?? []) {
    const found = pattern.exec(pathname);
    if (found) return { id, params: { ...found.groups } };
  }
  return undefined;
}
`;
}
