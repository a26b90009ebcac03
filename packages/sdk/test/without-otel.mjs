/**
 * `node --import <this file>`: OpenTelemetry as if not installed for Tollgate's own code. Any
 * `@opentelemetry/*` import from a workspace package (not from a dependency in node_modules)
 * fails to resolve, as it would where the optional peer is missing.
 */
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) register(import.meta.url);

export async function resolve(specifier, context, next) {
  const parent = context.parentURL ?? '';
  if (specifier.startsWith('@opentelemetry/') && !parent.includes('/node_modules/'))
    throw new Error(`${specifier} is not installed (imported by ${parent})`);
  return next(specifier, context);
}
