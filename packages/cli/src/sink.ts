/** Opens an output file before anything is fetched: a bad path is one line, not a stack trace. */
import { createWriteStream, type WriteStream } from 'node:fs';

export async function openOutput(path: string): Promise<WriteStream> {
  const stream = createWriteStream(path);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`cannot write ${path} (${error.code ?? error.message})`)),
    );
  });
  return stream;
}
