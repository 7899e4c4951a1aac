// node:fs/promises: `FileHandle.readLines()` reads through the handle.
// Correct: the fixed twin. The block awaits the interface's 'close' (after
// the last line) before `await using` closes the handle.
import { once } from 'node:events';
import { open } from 'node:fs/promises';

export async function countErrors(path: string, onError: (line: string) => void): Promise<void> {
  await using fh = await open(path);
  const lines = fh.readLines();
  lines.on('line', (line) => {
    if (line.includes('ERROR')) onError(line);
  });
  await once(lines, 'close');
}
