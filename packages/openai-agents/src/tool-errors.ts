/**
 * Whether a function tool threw, even when the Agents SDK turned the throw into the tool's
 * output: `tool()` catches an error of `execute` inside `invoke` and answers with its
 * `errorFunction` (by default a fixed sentence), so a wrapper sees a result, not a throw. The
 * SDK then marks the current span with `setError` ("Error running tool (non-fatal)"), with
 * tracing on or off: `invoke` runs here under the same trace context with that span watched.
 * Outside a run (no trace context) nothing is watched.
 */
import { getCurrentTraceContext, type Span, withTraceContext } from '@openai/agents';

// biome-ignore lint/suspicious/noExplicitAny: the SDK's Span is generic over its data
type AnySpan = Span<any>;

export async function invokeWatched<T>(
  invoke: () => Promise<T>,
): Promise<{ output: T; threw: boolean }> {
  const current = getCurrentTraceContext();
  if (!current?.span) return { output: await invoke(), threw: false };
  let threw = false;
  const span: AnySpan = new Proxy(current.span, {
    get(target, key) {
      if (key === 'setError')
        return (error: Parameters<AnySpan['setError']>[0]) => {
          threw = true;
          target.setError(error);
        };
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const output = await withTraceContext({ trace: current.trace, span }, invoke);
  return { output, threw };
}
