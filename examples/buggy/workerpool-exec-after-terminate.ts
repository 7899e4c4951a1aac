// workerpool: `terminate(true)` kills the workers and rejects queued tasks.
// Bug: a task is sent after the pool is terminated. workerpool does not
// refuse it: it starts new workers, and the process then never exits
// (josdejong/workerpool#147).
import workerpool from 'workerpool';

export async function resize(files: string[]): Promise<unknown[]> {
  const pool = workerpool.pool(new URL('./resize-worker.js', import.meta.url).pathname);
  const results = await Promise.all(files.map((file) => pool.exec('resize', [file])));
  await pool.terminate(true);
  const summary = await pool.exec('summary', [results.length]); // reported: used after close
  return [...results, summary];
}
