import { describe, expect, it } from 'vitest';
import { matchRoute, type OperationId, operations } from '../src/index';

/** The template with each `{param}` filled with `value`. */
const fill = (template: string, value: string) => template.replace(/\{[^}]+\}/g, value);

describe('matchRoute: the path templates compiled once, for the server and the SDK', () => {
  it('finds every operation of the table behind its own method and path, with its parameters', () => {
    for (const op of Object.values(operations)) {
      const found = matchRoute(op.method, fill(op.path, 'x-1'));
      expect(found?.id, `${op.method} ${op.path}`).toBe(op.id);
      expect(Object.keys(found?.params ?? {}).sort(), op.id).toEqual(
        [...op.parameters.path].sort(),
      );
    }
  });

  it('names the parameters and leaves their percent-encoding to the caller', () => {
    expect(matchRoute('GET', '/v1/agents/a%2Fb/budget')).toEqual({
      id: 'getAgentBudget',
      params: { agent_id: 'a%2Fb' },
    });
    expect(matchRoute('post', '/v1/runs/run_1/cancel')?.id).toBe<OperationId>('cancelRun');
  });

  it('matches whole paths only: no other method, extra segment, empty parameter or query', () => {
    expect(matchRoute('PUT', '/v1/agents/a')).toBeUndefined();
    expect(matchRoute('GET', '/v1/agents/a/b')).toBeUndefined();
    expect(matchRoute('GET', '/v1/agents/a/')).toBeUndefined();
    expect(matchRoute('GET', '/v1/agents//budget')).toBeUndefined();
    expect(matchRoute('GET', '/v1/agents?limit=1')).toBeUndefined();
    expect(matchRoute('GET', '/prefix/v1/agents')).toBeUndefined();
    // A template's `.` is a dot, not any character.
    expect(matchRoute('GET', '/v1/openapi.yaml')?.id).toBe('getOpenApi');
    expect(matchRoute('GET', '/v1/openapiXyaml')).toBeUndefined();
  });

  it('reads a parameter beside static text in its segment (Gemini `{model}:generateContent`)', () => {
    const models = '/v1/proxy/google/v1beta/models';
    expect(matchRoute('POST', `${models}/gemini-2.5-flash:generateContent`)).toEqual({
      id: 'generateContent',
      params: { model: 'gemini-2.5-flash' },
    });
    expect(matchRoute('POST', `${models}/gemini-2.5-flash:streamGenerateContent`)).toEqual({
      id: 'streamGenerateContent',
      params: { model: 'gemini-2.5-flash' },
    });
    expect(matchRoute('POST', `${models}/:generateContent`)).toBeUndefined();
    expect(matchRoute('POST', `${models}/gemini:generateContentX`)).toBeUndefined();
    expect(matchRoute('POST', `${models}/gemini`)).toBeUndefined();
  });

  it('never answers from Object.prototype for an odd method', () => {
    expect(matchRoute('constructor', '/v1/agents')).toBeUndefined();
    expect(matchRoute('__proto__', '/v1/agents')).toBeUndefined();
  });
});
