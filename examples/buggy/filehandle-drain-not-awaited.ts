// node:fs/promises: `FileHandle.readLines()` reads through the handle.
// Bug: `void upload(…)` starts the upload and lets the function return; the
// `await using` block then closes the handle while `upload` is still pulling
// lines, and `readLines()` on a closed handle hangs forever: the upload never
// finishes and nothing reports an error.
import { open } from 'node:fs/promises';

async function upload(lines: AsyncIterable<string>, url: string): Promise<void> {
  for await (const line of lines) {
    await fetch(url, { method: 'POST', body: line });
  }
}

export async function shipLog(path: string, url: string): Promise<void> {
  await using fh = await open(path);
  void upload(fh.readLines(), url); // reported: not awaited
}
