/** defineTool: the JSON Schema, the catalog body, MCP's shape, and input checked before the handler. */
import { zToolCreate } from '@tollgate/api/schemas';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, statusOf } from '../src/index';

const ctx = { agentId: 'a', runId: 'run_1', signal: new AbortController().signal };
const weather = defineTool({
  name: 'weather-lookup',
  description: 'Current weather for a city',
  input: z.object({ city: z.string().min(1), units: z.enum(['c', 'f']).default('c') }),
  handler: ({ city, units }) => ({ city, units, temp: 21 }),
});

describe('defineTool', () => {
  it('derives the input JSON Schema from zod (what a caller may send)', () => {
    expect(weather.inputSchema).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        city: { type: 'string', minLength: 1 },
        units: { type: 'string', enum: ['c', 'f'], default: 'c' },
      },
      required: ['city'],
    });
    expect(weather.mcp()).toEqual({
      name: 'weather-lookup',
      description: 'Current weather for a city',
      inputSchema: weather.inputSchema,
    });
  });

  it('builds a registration body the contract’s ToolCreate schema accepts', () => {
    const body = weather.toolCreate({
      baseUrl: 'https://agents.example.com/w',
      policy: 'approval_required',
    });
    expect(zToolCreate.safeParse(body).success).toBe(true);
    expect(body).toEqual({
      name: 'weather-lookup',
      description: 'Current weather for a city',
      base_url: 'https://agents.example.com/w',
      auth_type: 'none',
      policy: 'approval_required',
      input_schema: weather.inputSchema,
    });
  });

  it('refuses a name the catalog would refuse', () => {
    for (const name of ['Weather', 'weather_lookup', '-w', '', 'x'.repeat(64)])
      expect(() => defineTool({ ...weather, name }), name).toThrow(TypeError);
  });

  it('parses input before the handler: bad input is a STATUS: error result, not a throw', async () => {
    const ok = await weather.execute({ city: 'Oslo' }, ctx);
    expect(ok).toMatchObject({
      status: 'executed',
      output: { city: 'Oslo', units: 'c', temp: 21 },
    });
    const bad = await weather.execute({ city: '', units: 'k' }, ctx);
    expect(bad).toMatchObject({ status: 'error', code: 'invalid_input' });
    expect(statusOf(bad.text)).toBe('error');
    expect(bad.message).toMatch(/city/);
    expect(bad.message).toMatch(/units/);
  });

  it('turns a handler that throws into STATUS: failed', async () => {
    const broken = defineTool({
      name: 'broken',
      description: 'Always fails',
      input: z.object({}),
      handler: () => {
        throw new Error('upstream down');
      },
    });
    const result = await broken.execute({}, ctx);
    expect(result.text).toBe('STATUS: failed\ncode: tool_failed\nmessage: upstream down');
  });
});
