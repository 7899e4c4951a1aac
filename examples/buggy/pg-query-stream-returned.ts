// node-postgres + pg-query-stream: `client.query(new QueryStream(sql))` returns
// a stream that reads rows through the checked-out client.
// Bug: the stream is returned past `client.release()` in `finally`, so the
// next request gets the same client, and its query waits behind the stream: a
// slow reader stalls the other requests, and an unread stream hangs them.
import pg from 'pg';
import QueryStream from 'pg-query-stream';

const pool = new pg.Pool({ max: 4 });

export async function streamEvents(since: Date) {
  const sql = 'SELECT * FROM events WHERE created_at > $1 ORDER BY id';
  const client = await pool.connect();
  try {
    return client.query(new QueryStream(sql, [since])); // reported: escapes
  } finally {
    client.release();
  }
}
