// piscina 5.1+ (disposable) with p-map's `pMapIterable`.
// Correct: the fixed twin. The lazy `pMapIterable` is consumed by `for await`
// inside the `await using` scope, so every `pool.run` happens while the pool
// is open, and the pool really is closed at the end of the function.
import { pMapIterable } from 'p-map';
import { Piscina } from 'piscina';

const worker = new URL('./resize-worker.js', import.meta.url).href;

export async function resizeAll(files: readonly string[]): Promise<number> {
  await using pool = new Piscina({ filename: worker, maxThreads: 4 });
  let written = 0;
  const resized = pMapIterable(files, (file) => pool.run({ file, width: 320 }), { concurrency: 4 });
  for await (const out of resized) {
    written += (out as { bytes: number }).bytes;
  }
  return written;
}
