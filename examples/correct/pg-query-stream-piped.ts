// node-postgres + pg-query-stream, and pg-cursor.
// Correct: the fixed twins. The QueryStream is piped to its destination and
// the pipeline awaited inside the `try`, and the Cursor is read and closed
// there too, so `client.release()` in `finally` runs only after the last row
// (no QueryStream hanging forever, no "Connection terminated").
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import Cursor from 'pg-cursor';
import QueryStream from 'pg-query-stream';
import { toNdjson } from '../lib/ndjson.js';

const pool = new pg.Pool({ max: 4 });

export async function dumpEvents(file: string, since: Date): Promise<void> {
  const client = await pool.connect();
  try {
    const rows = client.query(new QueryStream('SELECT * FROM events WHERE created_at > $1', [since]));
    await pipeline(rows, toNdjson(), createWriteStream(file));
  } finally {
    client.release();
  }
}

export async function firstAuditPage(userId: number): Promise<unknown[]> {
  const client = await pool.connect();
  try {
    const cursor = client.query(new Cursor('SELECT * FROM audit WHERE user_id = $1', [userId]));
    const page = await cursor.read(100);
    await cursor.close();
    return page;
  } finally {
    client.release();
  }
}
