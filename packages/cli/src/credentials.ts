/**
 * Checks one credential against a control plane, and nothing else: the client is given the
 * credential explicitly, so a key in the profile or the environment can never answer for it.
 */
import { type ResponseOf, Tollgate } from '@tollgate/sdk';
import type { ProfileConfig } from '@tollgate/sdk/node';
import { useEndpoint } from './context';

export type Principal = ResponseOf<'getWhoami'>;

export type Credential = { apiKey: string } | { clientId: string; clientSecret: string };

const quiet = { logLevel: 'off' as const, maxRetries: 1, timeout: 10_000 };

export async function checkCredential(baseUrl: string, credential: Credential): Promise<Principal> {
  useEndpoint(baseUrl);
  let apiKey: string;
  if ('apiKey' in credential) apiKey = credential.apiKey;
  else {
    // The token endpoint needs no credential; its token then asks who it belongs to.
    const anonymous = new Tollgate({ baseUrl, apiKey: 'none', ...quiet });
    const token = await anonymous.request<ResponseOf<'createOAuthToken'>>(
      'POST',
      '/v1/oauth/token',
      {
        body: {
          grant_type: 'client_credentials',
          client_id: credential.clientId,
          client_secret: credential.clientSecret,
        },
      },
    );
    apiKey = token.access_token;
  }
  return new Tollgate({ baseUrl, apiKey, ...quiet }).whoami();
}

/** The credential a profile holds, as login saved it. */
export function credentialOf(profile: ProfileConfig): Credential | undefined {
  if (profile.api_key) return { apiKey: profile.api_key };
  if (profile.client_id && profile.client_secret)
    return { clientId: profile.client_id, clientSecret: profile.client_secret };
  return undefined;
}
