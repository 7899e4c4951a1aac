// node-postgres + pg-copy-streams, in an HTTP handler.
// Bug: the callback form of `pipeline` returns at once and copies the table
// afterwards, but `finally` has already released the client: the next request
// gets the same client mid-copy, and its query waits until the copy is over.
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

const pool = new pg.Pool({ max: 4 });

export async function exportEvents(res: ServerResponse): Promise<void> {
  const client = await pool.connect();
  try {
    // reported: still reading
    pipeline(client.query(copyTo('COPY events TO STDOUT WITH (FORMAT csv)')), res, (err) => {
      if (err) res.destroy(err);
    });
  } finally {
    client.release();
  }
}
