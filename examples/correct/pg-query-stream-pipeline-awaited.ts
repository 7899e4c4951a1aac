// node-postgres + pg-query-stream, in an HTTP handler.
// Correct: the fixed twin. `await pipeline(…)` ends when the last row is
// written to the response, so `client.release()` in `finally` runs after it.
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import QueryStream from 'pg-query-stream';
import { toNdjson } from '../lib/ndjson.js';

const pool = new pg.Pool({ max: 4 });

export async function sendEvents(res: ServerResponse): Promise<void> {
  const client = await pool.connect();
  try {
    await pipeline(client.query(new QueryStream('SELECT * FROM events ORDER BY id')), toNdjson(), res);
  } finally {
    client.release();
  }
}
