// node:fs/promises `FileHandle` (async-disposable since Node 20.4).
// Correct: the fixed twin. The `readLines()` interface is consumed inside
// the `await using` scope, before the handle closes (no hang), and the
// caller receives plain numbers.
import { open } from 'node:fs/promises';

export interface CsvStats {
  rows: number;
  columns: number;
}

export async function csvStats(path: string): Promise<CsvStats> {
  await using fh = await open(path);
  let rows = 0;
  let columns = 0;
  for await (const line of fh.readLines({ encoding: 'utf8' })) {
    if (line.trim() === '') continue;
    if (rows === 0) columns = line.split(',').length;
    rows += 1;
  }
  return { rows: Math.max(rows - 1, 0), columns };
}
