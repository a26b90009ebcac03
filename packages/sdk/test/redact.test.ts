import { describe, expect, it } from 'vitest';
import { createLogger, parseLogLevel } from '../src/core/logger';
import { Redactor, redact } from '../src/internal/redact';

describe('redact', () => {
  it('masks API keys, bearer tokens, JWTs and secrets', () => {
    const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl';
    const text = `Authorization: Bearer tg_live_abc123 cert ${jwt} key tg_test_zzz secret whsec_123 {"client_secret":"s3cr3t"}`;
    const out = redact(text);
    for (const secret of ['tg_live_abc123', 'abc123', jwt, 'tg_test_zzz', 'whsec_123', 's3cr3t']) {
      expect(out).not.toContain(secret);
    }
  });

  it('is applied to every log line', () => {
    const lines: string[] = [];
    const sink = {
      debug: (m: string) => lines.push(m),
      info: () => {},
      warn: () => {},
      error: () => {},
    };
    createLogger('debug', sink).debug('sending Bearer tg_live_secretvalue');
    expect(lines).toEqual(['[tollgate] sending Bearer [redacted]']);
    createLogger('warn', sink).debug('hidden');
    expect(lines).toHaveLength(1);
  });
});

describe('redact leaves ordinary fields alone', () => {
  it('does not mistake "id" for the private-key member "d"', () => {
    expect(redact('GET /v1/agents?id=agt_1')).toBe('GET /v1/agents?id=agt_1');
    expect(redact('{"kty":"OKP","d":"c2VjcmV0"}')).not.toContain('c2VjcmV0');
  });
});

describe('Redactor: the exact credentials a client holds, at any depth', () => {
  const key = 'opaquecredential0123456789';
  const redactor = new Redactor([key, 'short']);

  it('masks a known value in free text, in log lines, and not values too short to be secrets', () => {
    expect(redactor.text(`the key ${key}.`)).toBe('the key [redacted].');
    expect(redactor.text('a short word')).toBe('a short word');
    const lines: string[] = [];
    const line = (m: string) => lines.push(m);
    createLogger('debug', { debug: line, info: line, warn: line, error: line }, redactor).debug(
      `sent ${key}`,
    );
    expect(lines).toEqual(['[tollgate] sent [redacted]']);
  });

  it('remembers issued tokens, the last few only', () => {
    const tokens = new Redactor();
    for (let i = 0; i < 9; i++) tokens.remember(`issuedtoken-${i}-abcdef`);
    expect(tokens.text('issuedtoken-8-abcdef')).toBe('[redacted]');
    expect(tokens.text('issuedtoken-0-abcdef')).toBe('issuedtoken-0-abcdef');
  });

  it('walks values: credential members, JWK private members, keys, arrays, cycles and depth', () => {
    const cyclic: Record<string, unknown> = { note: key };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { leaf: key };
    for (let i = 0; i < 40; i++) deep = { deep };
    const out = JSON.stringify(
      redactor.value({
        detail: `echo ${key}`,
        Authorization: 'anything at all',
        client_secret: 'anything',
        jwk: { kty: 'OKP', x: 'public', d: 'private', k: 'symmetric' },
        [key]: 1,
        list: [[{ token: 'x' }, key]],
        cyclic,
        deep,
        status: 401,
      }),
    );
    expect(out).not.toContain(key);
    for (const hidden of ['anything', 'private', 'symmetric']) expect(out).not.toContain(hidden);
    expect(out).toContain('"x":"public"');
    expect(out).toContain('"status":401');
  });

  it('masks credential headers by name and others by value', () => {
    const headers = redactor.headers(
      new Headers({ 'set-cookie': 'sid=1', 'x-echo': `Bearer ${key}`, 'x-request-id': 'req_1' }),
    );
    expect([...headers]).toEqual([
      ['set-cookie', '[redacted]'],
      ['x-echo', 'Bearer [redacted]'],
      ['x-request-id', 'req_1'],
    ]);
  });

  it('keeps a clean cause as it is, and replaces a dirty one by a masked copy with its fields', () => {
    const clean = Object.assign(new TypeError('connect refused'), { code: 'ECONNREFUSED' });
    expect(redactor.cause(clean)).toBe(clean);
    const dirty = Object.assign(new TypeError(`sent ${key}`), { code: 'ECONNRESET' });
    const copy = redactor.cause(dirty) as Error & { code: string };
    expect(copy).not.toBe(dirty);
    expect(copy).toMatchObject({
      name: 'TypeError',
      message: 'sent [redacted]',
      code: 'ECONNRESET',
    });
    expect(copy.stack).not.toContain(key);
  });
});

describe('TOLLGATE_LOG', () => {
  it('names a level in any case, or is ignored (inherited object members are no levels)', () => {
    expect(parseLogLevel('DEBUG')).toBe('debug');
    expect(parseLogLevel('off')).toBe('off');
    expect(parseLogLevel(undefined)).toBeUndefined();
    expect(parseLogLevel('verbose')).toBeUndefined();
    expect(parseLogLevel('constructor')).toBeUndefined();
  });
});
