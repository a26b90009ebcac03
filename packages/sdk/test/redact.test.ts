import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logger';
import { redact } from '../src/core/redact';

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
