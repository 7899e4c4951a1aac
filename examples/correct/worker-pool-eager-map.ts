// Worker pools: piscina 5.1+ (disposable) and the project's own `WorkerPool`.
// Correct: eager calls. `await pool.map(f, xs)` resolves to an array, and
// piscina's `run` returns a promise per task; awaiting them all inside the
// scope leaves nothing lazy behind. `map` on the pool is not a lazy combinator.
import { Piscina } from 'piscina';
import { WorkerPool } from '../lib/worker-pool.js';

const resizeWorker = new URL('./resize-worker.js', import.meta.url).href;

export async function resizeAll(files: readonly string[]): Promise<Buffer[]> {
  await using pool = new Piscina({ filename: resizeWorker, maxThreads: 4 });
  return await Promise.all(files.map((file) => pool.run({ file, width: 320 }) as Promise<Buffer>));
}

export async function hashAll(files: string[]): Promise<string[]> {
  await using pool = new WorkerPool<string, string>(
    new URL('../lib/hash-worker.js', import.meta.url),
    { threads: 4 },
  );
  const digests = await pool.map('sha256', files);
  return digests;
}
