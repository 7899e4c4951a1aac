// Worker pool (the project's own `WorkerPool` with a home-grown
// `imapUnordered` async generator over `run`).
// Correct: the fixed twin of the Python `with Pool()` deadlock. The lazy
// iterator is consumed inside the `await using` block, while the pool that
// produces its items is still alive; only the plain number leaves the block.
import { WorkerPool } from '../lib/worker-pool.js';
import { listImages } from '../lib/images.js';

interface Thumbnail {
  file: string;
  bytes: number;
}

export async function renderThumbnails(dir: string): Promise<number> {
  const images = await listImages(dir);
  let total = 0;
  {
    await using pool = new WorkerPool<string, Thumbnail>(
      new URL('../lib/thumbnail-worker.js', import.meta.url),
      { threads: 8 },
    );
    const results = pool.imapUnordered(images);
    for await (const thumb of results) {
      total += thumb.bytes;
    }
  }
  return total;
}
