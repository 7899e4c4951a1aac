// node:fs/promises: `FileHandle.readLines()` reads through the handle.
// Bug: the 'line' listener returns at once and `await using` closes the handle
// at the end of the block. On Node 20 the interface then waits forever: no
// more lines, no 'close', and the caller's promise of a count never comes.
import { open } from 'node:fs/promises';

export async function countErrors(path: string, onError: (line: string) => void): Promise<void> {
  await using fh = await open(path);
  fh.readLines().on('line', (line) => {
    if (line.includes('ERROR')) onError(line);
  }); // reported: still reading
}
