/**
 * A module loaded on first use, once (a dynamic `import()`, so bundlers split it into its own
 * chunk and Node does not load it at import). A failed load — a chunk a browser could not
 * fetch — is not remembered: the next use tries again.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
