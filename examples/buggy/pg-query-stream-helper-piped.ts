// node-postgres + pg-query-stream, in an HTTP handler, with a helper that pipes.
// Bug: `sendRows()` pipes the stream and returns at once; the rows are read
// afterwards, but `finally` has already released the client. The next request
// gets the same client while the rows still flow, and its query waits until
// the last one is sent.
import type { ServerResponse } from 'node:http';
import pg from 'pg';
import QueryStream from 'pg-query-stream';
import { toNdjson } from '../lib/ndjson.js';

const pool = new pg.Pool({ max: 4 });

function sendRows(client: pg.PoolClient, res: ServerResponse): void {
  client.query(new QueryStream('SELECT * FROM events ORDER BY id')).pipe(toNdjson()).pipe(res);
}

export async function sendEvents(res: ServerResponse): Promise<void> {
  const client = await pool.connect();
  try {
    sendRows(client, res); // reported: still reading
  } finally {
    client.release();
  }
}
