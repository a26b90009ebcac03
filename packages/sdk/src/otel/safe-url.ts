/**
 * `url.full` without secrets: user info dropped and every query value replaced by
 * `REDACTED` (a query may carry a signature or a token; its names stay, for the reader).
 */
export function safeUrl(url: URL): string {
  const copy = new URL(url);
  copy.username = '';
  copy.password = '';
  copy.hash = '';
  if (copy.search) {
    const names = [...copy.searchParams.keys()];
    copy.search = names.map((name) => `${encodeURIComponent(name)}=REDACTED`).join('&');
  }
  return copy.toString();
}
