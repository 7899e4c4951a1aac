// node-postgres + pg-query-stream, released under an existence guard in
// `finally`: the stream is read to the end inside the `try`.
import type { Pool } from 'pg';
import QueryStream from 'pg-query-stream';

export async function auditRows(pool: Pool, userId: number) {
  let client;
  const rows: unknown[] = [];
  try {
    client = await pool.connect();
    for await (const row of client.query(new QueryStream('SELECT * FROM audit WHERE user_id = $1', [userId]))) rows.push(row);
  } finally {
    if (client) client.release();
  }
  return rows;
}
