// Worker pool (the project's own `WorkerPool`, a thin wrapper over worker
// threads with a home-grown `imapUnordered` async generator over `run`).
// Bug: the TypeScript twin of Python's `with Pool() as pool: results =
// pool.imap_unordered(...)` deadlock. The lazy iterator is assigned inside the
// `await using` block and pulled after the block has closed the pool. Worker
// pools do not fail loudly here: piscina, tinypool and workerpool quietly
// restart the pool they were told to close; poolifier and threads.js throw.
import { WorkerPool } from '../lib/worker-pool.js';
import { listImages } from '../lib/images.js';

interface Thumbnail {
  file: string;
  bytes: number;
}

export async function renderThumbnails(dir: string): Promise<number> {
  const images = await listImages(dir);
  let results: AsyncIterable<Thumbnail>;
  {
    await using pool = new WorkerPool<string, Thumbnail>(
      new URL('../lib/thumbnail-worker.js', import.meta.url),
      { threads: 8 },
    );
    results = pool.imapUnordered(images);
  }
  let total = 0;
  for await (const thumb of results) { // reported: consumed after disposal
    total += thumb.bytes;
  }
  return total;
}
