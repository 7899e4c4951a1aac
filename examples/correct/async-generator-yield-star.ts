// Worker pool (the project's own `WorkerPool`) inside an async generator.
// Correct: the generator's own scope holds the pool, and `yield*` hands the
// items out one by one. The `await using` block stays alive while the
// generator is suspended, and disposes the pool when the caller finishes or
// breaks out of its `for await` (which calls the generator's `return()`).
import { WorkerPool } from '../lib/worker-pool.js';

export interface Match {
  file: string;
  line: number;
}

export async function* grepAll(files: string[], pattern: string): AsyncGenerator<Match> {
  await using pool = new WorkerPool<string, Match>(
    new URL('../lib/grep-worker.js', import.meta.url),
    { threads: 4, workerData: { pattern } },
  );
  yield* pool.imapUnordered(files);
}

export async function firstMatches(files: string[], pattern: string, n: number): Promise<Match[]> {
  const found: Match[] = [];
  for await (const m of grepAll(files, pattern)) {
    found.push(m);
    if (found.length === n) break;
  }
  return found;
}
