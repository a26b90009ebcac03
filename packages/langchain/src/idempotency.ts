/**
 * LangGraph re-runs an interrupted node from its start when the graph resumes, so a governed
 * call made before the interrupt is made again. The toolkit derives its Idempotency-Key from
 * where the call sits in the graph (thread, checkpoint namespace with the node's task, the
 * model's tool-call id, the tool) so that the second call is the first one replayed by the
 * control plane (the same service request, never a second charge or a second approval).
 * Without a tool-call id (a tool called by a node itself) the payload is part of the key.
 */

interface ToolConfigLike {
  configurable?: Record<string, unknown> | undefined;
  toolCall?: { id?: string | undefined } | undefined;
}

export async function graphIdempotencyKey(
  config: ToolConfigLike,
  tool: string,
  payload: unknown,
): Promise<string> {
  const configurable = config.configurable ?? {};
  const callId = config.toolCall?.id;
  const parts = [
    String(configurable.thread_id ?? ''),
    String(configurable.checkpoint_ns ?? ''),
    tool,
    callId ?? JSON.stringify(payload),
  ];
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(parts.join('\n')));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `langgraph-${hex}`;
}
