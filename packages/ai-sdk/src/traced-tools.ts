/**
 * `traceTools(tools)`: each tool call an `execute_tool {name}` span (`gen_ai.tool.name`,
 * `gen_ai.tool.call.id`), active while the tool runs (the SDK's spans of its control-plane
 * calls are its children). On `governTools`' tools, the Tollgate outcome too: a refusal's
 * status (`tollgate.tool_status`: blocked, approval_required, error), `tollgate.approval_id`
 * and `tollgate.run_id`; blocked and error mark the span an error. Never the tool's input or
 * output.
 */
import { context, type Tracer, trace } from '@opentelemetry/api';
import { endWithError, recordTool, startToolSpan } from '@tollgate/sdk/otel';
import type { Tool, ToolSet } from 'ai';
import { isTollgateRefusal } from './refusal';

export interface TraceToolsOptions {
  /** Where the spans come from. @default trace.getTracer('@tollgate/ai-sdk') */
  tracer?: Tracer;
}

/** The same tools, each call traced (tools without `execute` are left as they are). */
export function traceTools<TOOLS extends ToolSet>(
  tools: TOOLS,
  options: TraceToolsOptions = {},
): TOOLS {
  const tracer = options.tracer ?? trace.getTracer('@tollgate/ai-sdk');
  const traced = Object.entries(tools).map(([name, tool]: [string, Tool]) => {
    const { execute } = tool;
    if (!execute) return [name, tool];
    const run = async (input: unknown, execution: { toolCallId: string }) => {
      const span = startToolSpan(tracer, {
        name,
        callId: execution.toolCallId,
        description: typeof tool.description === 'string' ? tool.description : undefined,
      });
      try {
        const output: unknown = await context.with(trace.setSpan(context.active(), span), () =>
          execute(input as never, execution as never),
        );
        if (isTollgateRefusal(output))
          recordTool(span, {
            status: output.tollgate,
            approvalId: output.approvalId,
            runId: output.runId,
            code: output.code,
          });
        else recordTool(span, { status: 'executed' });
        span.end();
        return output;
      } catch (error) {
        endWithError(span, error);
        throw error;
      }
    };
    return [name, { ...tool, execute: run }];
  });
  return Object.fromEntries(traced) as TOOLS;
}
