// node:fs/promises `FileHandle` (async-disposable since Node 20.4):
// `readLines()` and `createReadStream()` read through the handle.
// Bug: both are returned from the `await using` scope that closes the handle.
// Iterating the `readLines()` interface then hangs forever (no line, no
// error); the stream errors with ERR_STREAM_PREMATURE_CLOSE.
import { open } from 'node:fs/promises';

export async function csvLines(path: string) {
  await using fh = await open(path);
  return fh.readLines({ encoding: 'utf8' }); // reported: escapes
}

export const rawCsv = async (path: string) => {
  await using fh = await open(path, 'r');
  return fh.createReadStream({ highWaterMark: 64 * 1024 }); // reported: escapes
};

export async function countRows(path: string): Promise<number> {
  let rows = 0;
  for await (const line of await csvLines(path)) {
    if (line.trim() !== '') rows += 1;
  }
  return rows - 1;
}
