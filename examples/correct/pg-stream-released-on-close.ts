// node-postgres + pg-query-stream: handing the stream to the caller on purpose.
// Correct: the client is released only on the error path (`catch`) or when
// the stream itself closes. A dispose call in `catch` makes no disposal point,
// so returning the stream on the success path is not an escape: the client
// lives exactly as long as the stream that needs it.
import type { Readable } from 'node:stream';
import pg from 'pg';
import QueryStream from 'pg-query-stream';

const pool = new pg.Pool({ max: 8 });

export async function streamEvents(since: Date): Promise<Readable> {
  const client = await pool.connect();
  try {
    const stream = client.query(new QueryStream('SELECT * FROM events WHERE created_at > $1', [since]));
    stream.once('close', () => {
      client.release();
    });
    return stream;
  } catch (err) {
    client.release(err instanceof Error ? err : undefined);
    throw err;
  }
}
