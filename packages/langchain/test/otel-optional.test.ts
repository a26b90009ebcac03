/**
 * `@opentelemetry/api` is an optional peer: every entry but `/otel` loads and runs where it is
 * not installed (a fresh Node process in which Tollgate's code cannot resolve it), and `/otel`
 * is the one that needs it.
 */
import { describe, expect, it } from 'vitest';
import { runWithoutOtel, WITHOUT_OTEL_TIMEOUT } from '../../sdk/test/otel-setup';

const cwd = new URL('..', import.meta.url).pathname;

describe('without @opentelemetry/api', () => {
  it(
    'the root, openai, anthropic, google and langgraph entries load, and a model and tools are made',
    async () => {
      const { ok, output } = await runWithoutOtel(
        cwd,
        `const { governTools, TollgateToolkit } = await import('./src/index.ts');
       const { chatOpenAI } = await import('./src/openai.ts');
       const { chatAnthropic } = await import('./src/anthropic.ts');
       const { chatGoogle } = await import('./src/google.ts');
       await import('./src/langgraph.ts');
       const agent = { fetch, proxyUrl: (p) => 'http://127.0.0.1:9/v1/proxy/' + p };
       chatOpenAI(agent, { model: 'gpt-4o-mini' });
       chatAnthropic(agent, { model: 'claude-3-5-haiku-latest' });
       chatGoogle(agent, { model: 'gemini-2.5-flash' });
       governTools({}, []);
       new TollgateToolkit({});
       console.log('loaded');`,
      );
      expect(output.trim()).toBe('loaded');
      expect(ok).toBe(true);
    },
    WITHOUT_OTEL_TIMEOUT,
  );

  it(
    'the otel entry is the one that needs it',
    async () => {
      const { ok, output } = await runWithoutOtel(cwd, `await import('./src/otel.ts');`);
      expect(ok).toBe(false);
      expect(output).toContain('@opentelemetry/api is not installed');
    },
    WITHOUT_OTEL_TIMEOUT,
  );
});
