// mysql2: `query(sql).stream()` is a paused Readable; rows leave the socket
// only as fast as the stream is read.
// Correct: the fixed twin of leaving the stream unread. The query is made only
// on the path that reads it to the end, so the quit that `end()` queues behind
// it runs, and `await end()` returns on both paths.
import type { Writable } from 'node:stream';
import mysql from 'mysql2';

export async function exportOrders(out: Writable, format: string): Promise<boolean> {
  const conn = mysql.createConnection(process.env.MYSQL_URL ?? 'mysql://localhost/shop');
  try {
    if (format !== 'ndjson') return false;
    const rows = conn.query('SELECT id, total FROM orders ORDER BY id').stream();
    for await (const row of rows) out.write(`${JSON.stringify(row)}\n`);
    return true;
  } finally {
    await conn.promise().end();
  }
}
