// node-postgres + pg-query-stream, in an HTTP handler, with a helper that pipes.
// Correct: the fixed twin. The helper waits for the pipeline's end, and the
// handler awaits the helper, so `client.release()` in `finally` runs after the
// last row is written to the response.
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import QueryStream from 'pg-query-stream';
import { toNdjson } from '../lib/ndjson.js';

const pool = new pg.Pool({ max: 4 });

async function sendRows(client: pg.PoolClient, res: ServerResponse): Promise<void> {
  await pipeline(client.query(new QueryStream('SELECT * FROM events ORDER BY id')), toNdjson(), res);
}

export async function sendEvents(res: ServerResponse): Promise<void> {
  const client = await pool.connect();
  try {
    await sendRows(client, res);
  } finally {
    client.release();
  }
}
