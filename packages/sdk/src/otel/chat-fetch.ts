/**
 * `chatFetch(agent.fetch)`: a fetch that records each LLM call it sends through the Tollgate
 * proxy (`/v1/proxy/{provider}/…`) as a GenAI `chat {model}` span, whatever client sends it
 * (LangChain's models, the official `openai` and `@anthropic-ai/sdk` clients). The provider
 * comes from the proxy path, the model from the request; the answer gives the token usage (its
 * JSON body, or each SSE event of a stream), the response model and id, and Tollgate's headers
 * (`tollgate.cost_micros`, `tollgate.budget_remaining_micros`, `tollgate.request_id`). The span
 * is active while the request is sent, so the SDK's own span of it (`tracing: otelTracing()`) is
 * its child and the `traceparent` sent carries its trace. A refusal (402 `budget_exceeded`, …) ends it an error
 * with the control plane's code as `error.type`; a streamed answer's span ends when the stream
 * ends, fails or is abandoned. Requests elsewhere pass untraced. Never a prompt or a completion.
 */
import { context, type Tracer, trace } from '@opentelemetry/api';
import { SDK_VERSION } from '@tollgate/api';
import { createParser } from 'eventsource-parser';
import { isRecord } from '../internal/is-record';
import { endWithError, recordChat, startChatSpan } from './gen-ai';
import { endsProxiedStream, proxiedUsage } from './proxied-usage';
import { spanEndingStream } from './span-stream';

export interface ChatFetchOptions {
  /** Where the spans come from. @default trace.getTracer('@tollgate/sdk', SDK_VERSION) */
  tracer?: Tracer;
  /** `tollgate.certificate_serial` on every span: the agent's `serial`. @default none */
  certificateSerial?: string | undefined;
}

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** The proxy's provider segment → `gen_ai.provider.name`. */
const PROVIDERS: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'gcp.gemini',
};

/** `fetch`, each proxied LLM call traced as a `chat` span. */
export function chatFetch(fetch: Fetch, options: ChatFetchOptions = {}): Fetch {
  const tracer = options.tracer ?? trace.getTracer('@tollgate/sdk', SDK_VERSION);
  return async (input, init) => {
    const call = await proxiedCall(input, init);
    if (!call) return fetch(input, init);
    const span = startChatSpan(tracer, { ...call, certificateSerial: options.certificateSerial });
    let response: Response;
    try {
      response = await context.with(trace.setSpan(context.active(), span), () =>
        fetch(input, init),
      );
    } catch (error) {
      endWithError(span, error);
      throw error;
    }
    recordChat(span, { headers: response.headers });
    const answer = (): Promise<unknown> => response.clone().json();
    if (!response.ok) {
      endWithError(span, refusal(response.status, await answer().catch(() => undefined)));
      return response;
    }
    if (response.body && response.headers.get('content-type')?.includes('text/event-stream')) {
      let complete = false;
      const parser = createParser({
        onEvent: (event) => {
          const data = parsed(event.data);
          if (data !== undefined) recordChat(span, proxiedUsage(data));
          complete ||= endsProxiedStream(event.data, data);
        },
      });
      const decoder = new TextDecoder();
      const observe = (chunk: Uint8Array) => {
        parser.feed(decoder.decode(chunk, { stream: true }));
        // The answer is whole: the client closing the stream now is not an abandonment.
        return complete ? ({ complete: true } as const) : undefined;
      };
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      const body = spanEndingStream(response.body, span, { observe, signal });
      const { status, statusText, headers } = response;
      return new Response(body, { status, statusText, headers });
    }
    recordChat(span, proxiedUsage(await answer().catch(() => undefined)));
    span.end();
    return response;
  };
}

/** The provider and model of a request to the proxy, or undefined for any other request. */
async function proxiedCall(input: RequestInfo | URL, init: RequestInit | undefined) {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const [, provider] = /\/v1\/proxy\/([a-z]+)\//.exec(url.pathname) ?? [];
  const name = provider ? PROVIDERS[provider] : undefined;
  if (!name) return undefined;
  // Gemini names the model in the path (`models/{model}:generateContent`), the others in the body.
  const inPath = /\/models\/([^/:]+):/.exec(url.pathname)?.[1];
  const body =
    typeof init?.body === 'string'
      ? init.body
      : input instanceof Request && init?.body === undefined
        ? await input.clone().text()
        : undefined;
  return { provider: name, model: inPath ?? (body && modelOf(body)) ?? 'unknown' };
}

function modelOf(body: string): string | undefined {
  const data = parsed(body);
  const model = isRecord(data) ? data.model : undefined;
  return typeof model === 'string' ? model : undefined;
}

/** The control plane's refusal as an error: its code (`budget_exceeded`) and detail. */
function refusal(status: number, body: unknown): Error {
  const fields = isRecord(body) ? body : {};
  // Problem details (`code`, `detail`), or the provider's envelope (`error.code`, `error.message`).
  const envelope = isRecord(fields.error) ? fields.error : {};
  const code = typeof fields.code === 'string' ? fields.code : envelope.code;
  const detail = typeof fields.detail === 'string' ? fields.detail : envelope.message;
  const error = new Error(typeof detail === 'string' ? detail : `HTTP ${status}`);
  return Object.assign(error, { code: typeof code === 'string' ? code : String(status) });
}

function parsed(data: string): unknown {
  try {
    const value: unknown = JSON.parse(data);
    return value;
  } catch {
    return undefined;
  }
}
