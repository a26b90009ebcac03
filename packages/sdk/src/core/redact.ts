/**
 * Masks credentials in text bound for logs or error messages: API keys, bearer tokens,
 * JWTs (certificates and proofs), client and webhook secrets. Belt and braces: the SDK never
 * puts a credential into a message on purpose, but a server's detail or a URL might.
 */
const PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, '[redacted jwt]'],
  [/\b(tg_(?:live|test)_|whsec_|tgcs_)[A-Za-z0-9_-]+/g, '$1[redacted]'],
  [
    /("?\b(?:client_secret|secret|api_key|apiKey|access_token|password|d)"?\s*[:=]\s*"?)[^"&\s,}]+/g,
    '$1[redacted]',
  ],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
