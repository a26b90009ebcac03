/**
 * Metering a provider's streamed answer event by event: the usage the provider reports (when
 * it reports any), the text generated so far (to estimate output when it reports none), and
 * the clean end that closes a stream cut off at its reservation, in the provider's own
 * streaming format so the agent's client sees a normal, finished answer.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import { tokensOfLength } from './prices';
import { closingEvents, idAndModel, type Json, obj, readEvent, type Wire } from './wires';

export type { Provider, Wire } from './wires';

export interface Usage {
  input: number;
  output: number;
}

const parse = (data: string): Json | undefined => {
  try {
    return obj(JSON.parse(data));
  } catch {
    return undefined;
  }
};

export class StreamMeter {
  private reported: Partial<Usage> = {};
  private text = 0;
  private id: unknown;
  private model: unknown;

  constructor(
    private readonly wire: Wire,
    /** Input tokens to assume until the provider reports its count. */
    private readonly inputEstimate: number,
  ) {}

  /** Takes in one event; says whether it only carries usage the caller did not ask for. */
  observe(event: EventSourceMessage): { usageOnly: boolean } {
    const data = parse(event.data);
    if (!data) return { usageOnly: false };
    const named = idAndModel(data);
    this.id ??= named.id;
    this.model ??= named.model;
    const seen = readEvent(this.wire, data);
    this.text += seen.text.length;
    if (seen.input !== undefined) this.reported.input = seen.input;
    if (seen.output !== undefined) this.reported.output = seen.output;
    return { usageOnly: seen.usageOnly };
  }

  /**
   * Usage so far: mid-stream, the larger of what the provider reported and the estimate from
   * the text generated (a count reported early, like Anthropic's `message_start`, runs
   * behind); once the answer has ended as the provider ended it (`complete`), the provider's
   * own count where it gave one.
   */
  usage(complete = false): Usage {
    const estimated = this.text ? tokensOfLength(this.text) : 0;
    const { input, output } = this.reported;
    return {
      input: input ?? this.inputEstimate,
      output: complete && output !== undefined ? output : Math.max(output ?? 0, estimated),
    };
  }

  /** The events that end a cut-off answer as the provider ends one that hit its output cap. */
  closing(): string {
    return closingEvents(this.wire, { id: this.id, model: this.model, ...this.usage() });
  }
}

/** One event back in SSE form (ids and retry hints are not used by the LLM providers). */
export const sse = (event: EventSourceMessage) =>
  `${event.event ? `event: ${event.event}\n` : ''}${event.data
    .split('\n')
    .map((line) => `data: ${line}`)
    .join('\n')}\n\n`;
