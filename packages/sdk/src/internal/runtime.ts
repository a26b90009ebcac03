/**
 * The one seam between the root entry and the runtime it runs on. The root entry must load
 * in browsers and edge runtimes, so it never imports `node:*`; where Node (or Bun, Deno) is
 * present it reaches built-ins through `process.getBuiltinModule`, which bundlers leave alone.
 */
type NodeProcess = {
  env?: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
  versions?: { node?: string };
  platform?: string;
};

/** Typed as Node's where the types are; absent in browsers and some edge runtimes. */
const proc: NodeProcess | undefined = globalThis.process;

/** An environment variable, or undefined where there is no environment (browsers). */
export function env(name: string): string | undefined {
  try {
    const value = proc?.env?.[name];
    return value === '' ? undefined : value;
  } catch {
    // Deno without --allow-env throws: behave as if unset.
    return undefined;
  }
}

/** A Node built-in module where the runtime has one, else undefined. */
export function builtin<T>(id: string): T | undefined {
  try {
    return proc?.getBuiltinModule?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}

/** A short runtime description for the User-Agent. */
export function runtimeName(): string {
  const g = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } } };
  if (g.Bun) return `bun/${g.Bun.version}`;
  if (g.Deno) return `deno/${g.Deno.version.deno}`;
  if (proc?.versions?.node) return `node/${proc.versions.node}`;
  return 'web';
}
