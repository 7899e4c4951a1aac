// node:fs/promises: `FileHandle.readLines()` reads through the handle.
// Correct: the fixed twin. The upload is awaited inside the `await using`
// block, so every line is read before the handle is closed.
import { open } from 'node:fs/promises';

async function upload(lines: AsyncIterable<string>, url: string): Promise<void> {
  for await (const line of lines) {
    await fetch(url, { method: 'POST', body: line });
  }
}

export async function shipLog(path: string, url: string): Promise<void> {
  await using fh = await open(path);
  await upload(fh.readLines(), url);
}
