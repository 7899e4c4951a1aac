// node-postgres + pg-query-stream, in an HTTP handler.
// Bug: `pipe()` returns at once; the rows are read afterwards, but `finally`
// has already released the client. The next request gets the same client
// while the rows still flow, and its query waits until the last one is sent.
import type { ServerResponse } from 'node:http';
import pg from 'pg';
import QueryStream from 'pg-query-stream';
import { toNdjson } from '../lib/ndjson.js';

const pool = new pg.Pool({ max: 4 });

export async function sendEvents(res: ServerResponse): Promise<void> {
  const client = await pool.connect();
  try {
    client.query(new QueryStream('SELECT * FROM events ORDER BY id')).pipe(toNdjson()).pipe(res); // reported: still reading
  } finally {
    client.release();
  }
}
