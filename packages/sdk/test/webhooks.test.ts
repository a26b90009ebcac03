import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook, WebhookVerifier } from '../src/webhooks';

const secret = 'whsec_test_secret';
const body = JSON.stringify({ message: 'disk usage at 91%' });

describe('webhook signatures', () => {
  it('signs t.<body> with HMAC-SHA256, matching node:crypto', async () => {
    const header = await signWebhook(body, secret, { timestamp: 1_790_000_000 });
    const hex = createHmac('sha256', secret).update(`1790000000.${body}`).digest('hex');
    expect(header).toBe(`t=1790000000,v1=${hex}`);
  });

  it('verifies a fresh signature and rejects tampering, staleness and junk', async () => {
    const header = await signWebhook(body, secret);
    await expect(verifyWebhook(body, header, secret)).resolves.toMatchObject({
      signature: expect.any(String),
    });
    const codes = async (p: Promise<unknown>) =>
      (await p.then(
        () => 'ok',
        (e) => e.code,
      )) as string;
    expect(await codes(verifyWebhook(`${body} `, header, secret))).toBe('signature_invalid');
    expect(await codes(verifyWebhook(body, header, 'whsec_other'))).toBe('signature_invalid');
    const old = await signWebhook(body, secret, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(await codes(verifyWebhook(body, old, secret))).toBe('signature_expired');
    expect(await codes(verifyWebhook(body, old, secret, { tolerance: 600 }))).toBe('ok');
    expect(await codes(verifyWebhook(body, undefined, secret))).toBe('signature_missing');
    expect(await codes(verifyWebhook(body, 'v1=abc', secret))).toBe('signature_malformed');
    const flipped = header.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    expect(await codes(verifyWebhook(body, flipped, secret))).toBe('signature_invalid');
  });

  it('refuses a replay of an accepted signature within the tolerance', async () => {
    const verifier = new WebhookVerifier(secret);
    const header = await signWebhook(body, secret);
    await verifier.verify(body, header);
    await expect(verifier.verify(body, header)).rejects.toMatchObject({
      code: 'signature_replayed',
    });
  });
});
