// workerpool: every task is awaited before `terminate(true)`; the pool is not
// asked for anything after it.
import workerpool from 'workerpool';

export async function resize(files: string[]): Promise<unknown[]> {
  const pool = workerpool.pool(new URL('./resize-worker.js', import.meta.url).pathname);
  try {
    const results = await Promise.all(files.map((file) => pool.exec('resize', [file])));
    const summary = await pool.exec('summary', [results.length]);
    return [...results, summary];
  } finally {
    await pool.terminate(true);
  }
}
