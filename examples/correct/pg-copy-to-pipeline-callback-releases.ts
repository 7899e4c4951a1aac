// node-postgres + pg-copy-streams, in an HTTP handler.
// Correct: the fixed twin with the callback form kept. The client is released
// in the pipeline's own callback, once the copy is over (or has failed):
// there is no disposal point in the handler for the copy to outlive.
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

const pool = new pg.Pool({ max: 4 });

export async function exportEvents(res: ServerResponse): Promise<void> {
  const client = await pool.connect();
  pipeline(client.query(copyTo('COPY events TO STDOUT WITH (FORMAT csv)')), res, (err) => {
    client.release(err ?? undefined);
  });
}
