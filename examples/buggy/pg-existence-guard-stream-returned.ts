// node-postgres + pg-query-stream, with the client checked out inside the
// `try` and released under an existence guard in `finally`.
// Bug: the guard runs whenever a client was taken, so the stream returned from
// the `try` is read after its client went back to the pool: the next query on
// that client waits behind the stream, and hangs while nobody reads it.
import type { Pool } from 'pg';
import QueryStream from 'pg-query-stream';

export async function auditStream(pool: Pool, userId: number) {
  let client;
  try {
    client = await pool.connect();
    return client.query(new QueryStream('SELECT * FROM audit WHERE user_id = $1', [userId])); // reported: escapes
  } finally {
    if (client) client.release();
  }
}
