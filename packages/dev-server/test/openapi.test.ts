import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTROL_PLANE_VERSION } from '@tollgate/api';
import { afterAll, describe, expect, it } from 'vitest';
import { harness } from './helpers';

const h = await harness();
afterAll(() => h.server.close());

describe('GET /v1/openapi.yaml', () => {
  it('serves the contract the server was built with, byte for byte, without credentials', async () => {
    const response = await fetch(`${h.server.url}/v1/openapi.yaml`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(response.headers.get('x-tollgate-version')).toBe(CONTROL_PLANE_VERSION);
    const text = await response.text();
    const contract = join(import.meta.dirname, '..', '..', '..', 'openapi', 'tollgate.yaml');
    expect(text).toBe(readFileSync(contract, 'utf8'));
    expect(text).toMatch(
      new RegExp(`^info:\\n(?:  .*\\n)*?  version: ${CONTROL_PLANE_VERSION}\\n`, 'm'),
    );
  });
});
