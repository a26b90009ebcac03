/**
 * The official LLM clients (`openai`, `@anthropic-ai/sdk`: optional peer dependencies),
 * routed through the control plane's proxy and signed by an agent. Pass the class you import,
 * `agent.openai(OpenAI, options)`: the client is then the very copy and version your project
 * uses, typed as it (options and instance), in every runtime and bundler, the way @ai-sdk
 * providers take a `fetch`. Without a class the package is loaded by name from the project
 * the process runs in (`process.cwd()`), where a runtime can (Node, Bun, Deno).
 */
import { APIError, type Problem, TollgateError } from '../core/errors';
import type { Redactor } from '../internal/redact';
import { builtin } from '../internal/runtime';
import type { AgentFetch } from './agent-fetch';

/** A client class such as `OpenAI` (from `openai`) or `Anthropic` (`@anthropic-ai/sdk`). */
export type LlmClientClass = new (...args: never[]) => object;

/** The options of a client class, less the two the agent sets: `baseURL` and `fetch`. */
export type LlmClientOptions<C extends LlmClientClass> = Omit<
  NonNullable<ConstructorParameters<C>[0]>,
  'baseURL' | 'fetch'
>;

/** `T` is the client class (`typeof OpenAI`) or its instance type (`OpenAI`). */
export type LlmClientOf<T> = T extends LlmClientClass ? InstanceType<T> : T;
export type LlmOptionsOf<T> = T extends LlmClientClass
  ? LlmClientOptions<T>
  : Record<string, unknown>;

type GovernedClass = new (
  options: object,
) => {
  makeStatusError(
    status: number,
    error: unknown,
    message: string | undefined,
    headers: Headers,
  ): unknown;
};

/**
 * Subclasses an official client so that problem details from Tollgate become the SDK's typed
 * errors; `makeStatusError` is the extension point both official SDKs expose.
 */
export function createLlmClient(
  Client: LlmClientClass,
  { redactor, ...agent }: { baseURL: string; fetch: AgentFetch; redactor: Redactor },
  options: object = {},
): object {
  const Base = Client as unknown as GovernedClass;
  const Governed = class extends Base {
    override makeStatusError(
      status: number,
      error: unknown,
      message: string | undefined,
      headers: Headers,
    ) {
      const problem = error as Problem | undefined;
      if (problem && typeof problem.code === 'string' && typeof problem.request_id === 'string') {
        return APIError.from(status, problem, headers, { redactor });
      }
      return super.makeStatusError(status, error, message, headers);
    }
  };
  return new Governed({ apiKey: 'tollgate-agent-identity', ...options, ...agent });
}

/** The client class `name` exports, resolved from the project in `process.cwd()`. */
export function loadClientClass(name: string): LlmClientClass {
  type NodeModule = { createRequire(from: string): (id: string) => { default?: unknown } };
  // Typed as Node's where the types are; absent in browsers.
  const proc: { cwd?: () => string } | undefined = globalThis.process;
  const from = proc?.cwd?.();
  let cause: unknown;
  try {
    // Undefined where the runtime has no node:module (a browser, an edge runtime).
    const loaded = builtin<NodeModule>('node:module')?.createRequire(`${from}/`)(name);
    if (loaded) return (loaded.default ?? loaded) as LlmClientClass;
  } catch (error) {
    cause = error;
  }
  throw new TollgateError(
    `cannot load ${name} from ${from ?? 'here'}: install it, or pass its class`,
    { cause },
  );
}

/** The providers the control plane proxies (Google since control plane 2.20). */
export type LlmProvider = 'openai' | 'anthropic' | 'google';

/** The providers with an `agent.<provider>()` factory: their official client takes a `fetch`. */
export type LlmClientProvider = 'openai' | 'anthropic';

/**
 * Where the control plane proxies each provider: its base URL as the provider's own
 * reference gives it (OpenAI's and Google's with the API version, Anthropic's without).
 */
const PROXY_PATHS: Record<LlmProvider, string> = {
  openai: '/v1/proxy/openai/v1',
  anthropic: '/v1/proxy/anthropic',
  google: '/v1/proxy/google/v1beta',
};

/** Each client provider's package, loaded by name when no class is passed. */
const PACKAGES: Record<LlmClientProvider, string> = {
  openai: 'openai',
  anthropic: '@anthropic-ai/sdk',
};

/** The control-plane URL a provider's client uses as its base URL. */
export function proxyUrlOf(baseUrl: string, provider: LlmProvider): string {
  // Untyped callers may name a provider this contract does not proxy: refuse it by name.
  if (!Object.hasOwn(PROXY_PATHS, provider)) {
    const known = Object.keys(PROXY_PATHS).join(', ');
    throw new TollgateError(
      `no proxy for provider "${provider}" (this control plane proxies ${known})`,
    );
  }
  return `${baseUrl}${PROXY_PATHS[provider]}`;
}

/**
 * `agent.openai` / `agent.anthropic`. Pass the class you import: `agent.openai(OpenAI, {
 * maxRetries: 0 })` is an `OpenAI`. Without a class the provider's package is loaded from the
 * project in `process.cwd()` (Node, Bun, Deno): `await agent.openai<typeof OpenAI>()`.
 */
export interface LlmClientFactory {
  <C extends LlmClientClass>(Client: C, options?: LlmClientOptions<C>): InstanceType<C>;
  <T = unknown>(options?: LlmOptionsOf<T>): Promise<LlmClientOf<T>>;
}

/** The factory of one provider's clients, routed through the agent's proxy URL and fetch. */
export function llmClientFactory(
  provider: LlmClientProvider,
  agent: { baseUrl: string; fetch: AgentFetch; redactor: Redactor },
): LlmClientFactory {
  const routed = {
    baseURL: proxyUrlOf(agent.baseUrl, provider),
    fetch: agent.fetch,
    redactor: agent.redactor,
  };
  function create<C extends LlmClientClass>(
    Client: C,
    options?: LlmClientOptions<C>,
  ): InstanceType<C>;
  function create<T = unknown>(options?: LlmOptionsOf<T>): Promise<LlmClientOf<T>>;
  function create(first?: LlmClientClass | object, options?: object): object {
    if (isClientClass(first)) return createLlmClient(first, routed, options);
    const name = PACKAGES[provider];
    return (async () => createLlmClient(loadClientClass(name), routed, first))();
  }
  return create;
}

/** A class is the only function these factories are handed. */
function isClientClass(value: unknown): value is LlmClientClass {
  return typeof value === 'function';
}
