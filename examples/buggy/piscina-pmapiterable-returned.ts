// piscina 5.1+ (disposable) with p-map's `pMapIterable`: the lazy `imap` of
// Node. Each item is computed by `pool.run` only when the iterator is pulled.
// Bug: the iterator is returned from the `await using` scope, so every
// `pool.run` happens after the pool was closed. piscina does not fail: it
// quietly restarts the pool the block had closed and keeps working on it: the
// worker threads the block meant to stop are running again.
import { pMapIterable } from 'p-map';
import { Piscina } from 'piscina';

const worker = new URL('./resize-worker.js', import.meta.url).href;

export async function resizeAll(files: readonly string[]) {
  await using pool = new Piscina({ filename: worker, maxThreads: 4 });
  return pMapIterable(files, (file) => pool.run({ file, width: 320 }), { concurrency: 4 }); // reported: escapes
}

export async function main(files: readonly string[]): Promise<void> {
  for await (const out of await resizeAll(files)) {
    console.log(out);
  }
}
