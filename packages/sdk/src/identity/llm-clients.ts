/**
 * The official LLM clients (`openai`, `@anthropic-ai/sdk`: optional peer dependencies),
 * routed through the control plane's proxy and signed by an agent. Pass the class you import,
 * `agent.openai(OpenAI, options)`: the client is then the very copy and version your project
 * uses, typed as it (options and instance), in every runtime and bundler, the way @ai-sdk
 * providers take a `fetch`. Without a class the package is loaded by name from the project
 * the process runs in (`process.cwd()`), where a runtime can (Node, Bun, Deno).
 */
import { APIError, type Problem, TollgateError } from '../core/errors';
import type { Redactor } from '../core/redact';
import { builtin } from '../core/runtime';
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
  const cwd = (globalThis as { process?: { cwd?: () => string } }).process?.cwd?.();
  try {
    const loaded = builtin<NodeModule>('node:module')!.createRequire(`${cwd}/`)(name);
    return (loaded.default ?? loaded) as LlmClientClass;
  } catch (cause) {
    throw new TollgateError(
      `cannot load ${name} from ${cwd ?? 'here'}: install it, or pass its class`,
      {
        cause,
      },
    );
  }
}

export type LlmProvider = 'openai' | 'anthropic';
const PACKAGES: Record<LlmProvider, string> = { openai: 'openai', anthropic: '@anthropic-ai/sdk' };

/**
 * `agent.openai()` / `agent.anthropic()`: with a class, that class's client now; without one,
 * the provider's package loaded from the caller's project (a promise).
 */
export function llmClient(
  provider: LlmProvider,
  agent: { baseURL: string; fetch: AgentFetch; redactor: Redactor },
  first: LlmClientClass | object | undefined,
  options?: object,
) {
  if (typeof first === 'function') return createLlmClient(first as LlmClientClass, agent, options);
  return (async () => createLlmClient(loadClientClass(PACKAGES[provider]), agent, first))();
}
