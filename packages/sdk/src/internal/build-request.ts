/**
 * Builds a call's request from its row of the generated operation table: the path template
 * filled and percent-encoded, the query serialised, the body as JSON or a form. The wire
 * format is openapi-fetch's defaults (what `@tollgate/api`'s client sends), so a call made
 * through the SDK and one made through the low-level client are the same request.
 */
import type { OperationInfo } from '@tollgate/api';
import { TollgateError } from '../core/errors';
import type { HeaderMap } from './headers';
import { Outgoing } from './outgoing';

export type Query = Record<string, unknown>;

export interface CallInput {
  path?: Record<string, string | number> | undefined;
  query?: Query | undefined;
  body?: unknown;
  headers?: HeadersInit | undefined;
}

const PATH_PARAM = /\{([^{}]+)\}/g;
const FORM = 'application/x-www-form-urlencoded';

/** The request of one call; `headers` is the call's merged headers, completed here. */
export function buildRequest(
  baseUrl: string,
  op: OperationInfo,
  input: CallInput,
  headers: HeaderMap,
): Outgoing {
  const search = serializeQuery(input.query);
  const url = `${baseUrl}${fillPath(op.path, input.path)}${search ? `?${search}` : ''}`;
  if (input.body === undefined) return new Outgoing(url, op.method, headers, null);
  if (op.requestContentType === FORM) {
    headers.set('content-type', FORM);
    return new Outgoing(url, op.method, headers, formBody(input.body));
  }
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return new Outgoing(url, op.method, headers, JSON.stringify(input.body));
}

/**
 * Path parameters, percent-encoded (the contract has simple-style path parameters only).
 * `.` and `..` would be resolved away by URL parsing and reach another route, and an empty
 * one would collapse the path: all three are refused before anything is sent.
 */
export function fillPath(template: string, params: CallInput['path']): string {
  const parts = compiled(template);
  let path = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] ?? '';
    const value = params?.[name];
    if (value === undefined || value === null) path += `{${name}}`;
    else {
      const s = String(value);
      if (s === '' || s === '.' || s === '..') {
        throw new TollgateError(`path parameter ${name} must not be empty, "." or ".."`);
      }
      path += encodeURIComponent(s);
    }
    path += parts[i + 1] ?? '';
  }
  return path;
}

/** Templates split once into text and parameter names: `['/v1/agents/', 'agent_id', '']`. */
const templates = new Map<string, string[]>();
function compiled(template: string): string[] {
  let parts = templates.get(template);
  if (!parts) {
    parts = template.split(PATH_PARAM);
    // tg.request() may bring any number of paths: keep the cache bounded.
    if (templates.size >= 512) templates.clear();
    templates.set(template, parts);
  }
  return parts;
}

/**
 * openapi-fetch's default query format: `name=value` percent-encoded, arrays exploded
 * (`a=1&a=2`), objects as deepObject (`a[b]=1`); undefined, null and empty arrays left out.
 */
export function serializeQuery(query: Query | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const name in query) {
    const value = query[name];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) pushPrimitive(parts, name, item);
    } else if (typeof value === 'object') {
      for (const [key, item] of Object.entries(value))
        pushPrimitive(parts, `${name}[${key}]`, item);
    } else pushPrimitive(parts, name, value);
  }
  return parts.join('&');
}

function pushPrimitive(parts: string[], name: string, value: unknown) {
  if (value === undefined || value === null) return;
  if (typeof value === 'object') {
    throw new TollgateError(`query parameter ${name}: nested arrays and objects are not supported`);
  }
  parts.push(`${name}=${encodeURIComponent(String(value))}`);
}

/** A form body from a record of fields (what URLSearchParams would make of it). */
function formBody(body: unknown): string {
  if (body instanceof URLSearchParams) return body.toString();
  const form = new URLSearchParams();
  if (typeof body === 'object' && body !== null) {
    for (const [name, value] of Object.entries(body)) {
      if (value !== undefined) form.append(name, String(value));
    }
  }
  return form.toString();
}
