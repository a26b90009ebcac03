/**
 * The OpenAI Agents SDK's model provider, routed through the Tollgate proxy and signed by one
 * agent. The SDK's own default client (`setDefaultOpenAIClient`) is process-global: a second
 * agent set as the default would make every run sign as that agent. So `useTollgate(agent)`
 * returns a provider and a `Runner` of this agent's alone; `setTollgateDefault(agent)` is the
 * explicit opt-in to the global default, for a process that runs one agent.
 */
import {
  OpenAIProvider,
  type RunConfig,
  Runner,
  setDefaultOpenAIClient,
  setOpenAIAPI,
} from '@openai/agents';
import type { AgentIdentity } from '@tollgate/sdk';
import OpenAI, { type ClientOptions } from 'openai';

/** The parts of an agent a provider needs. */
export type RoutingAgent = Pick<AgentIdentity, 'openai'>;

export interface UseTollgateOptions {
  /** The Responses API (the SDK's default, `/v1/proxy/openai/v1/responses`) or, when false,
   * chat completions. @default true */
  useResponses?: boolean;
  /** The `openai` client's options (less `baseURL`, `fetch` and `apiKey`, Tollgate's). */
  client?: Omit<ClientOptions, 'baseURL' | 'fetch' | 'apiKey'>;
  /** The runner's config, less `modelProvider`. Tracing is off unless set here: the SDK's
   * exporter would send traces to OpenAI with `OPENAI_API_KEY`, past the control plane.
   * @default { tracingDisabled: true } */
  runConfig?: Omit<Partial<RunConfig>, 'modelProvider'>;
}

export interface TollgateAgents {
  /** The `openai` client routed through the proxy, each request signed by this agent. */
  openAIClient: OpenAI;
  /** The Agents SDK's `OpenAIProvider` over that client: `new Runner({ modelProvider })`. */
  modelProvider: OpenAIProvider;
  /** A `Runner` of this agent's: `await runner.run(myAgent, input)`. */
  runner: Runner;
}

/** This agent's model provider and runner (per agent: nothing process-global is touched). */
export function useTollgate(agent: RoutingAgent, options: UseTollgateOptions = {}): TollgateAgents {
  const { useResponses = true, client, runConfig } = options;
  const openAIClient = agent.openai(OpenAI, client);
  const modelProvider = new OpenAIProvider({ openAIClient, useResponses });
  const runner = new Runner({ tracingDisabled: true, ...runConfig, modelProvider });
  return { openAIClient, modelProvider, runner };
}

/**
 * Opt-in: makes this agent's client the Agents SDK's process-wide default (the SDK's
 * `setDefaultOpenAIClient`, and the Responses API unless `useResponses: false`), so the
 * SDK's top-level `run(...)` signs as this agent. Every run in the process then does: with
 * more than one agent per process, use `useTollgate(agent).runner` instead.
 */
export function setTollgateDefault(
  agent: RoutingAgent,
  options: Pick<UseTollgateOptions, 'useResponses' | 'client'> = {},
): OpenAI {
  const openAIClient = agent.openai(OpenAI, options.client);
  setDefaultOpenAIClient(openAIClient);
  setOpenAIAPI(options.useResponses === false ? 'chat_completions' : 'responses');
  return openAIClient;
}
