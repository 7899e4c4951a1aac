// mysql2: `query(sql).stream()` is a paused Readable; rows leave the socket
// only as fast as the stream is read.
// Bug: the stream is made before the check that decides whether to export.
// When the format is not supported, the function leaves without reading it,
// and `finally` awaits `end()`. mysql2's `end()` is graceful: it queues the
// quit behind the query, and the query cannot finish while nobody reads its
// rows. With more rows than the socket buffers hold, `await end()` never
// returns and the request hangs.
import type { Writable } from 'node:stream';
import mysql from 'mysql2';

export async function exportOrders(out: Writable, format: string): Promise<boolean> {
  const conn = mysql.createConnection(process.env.MYSQL_URL ?? 'mysql://localhost/shop');
  try {
    const rows = conn.query('SELECT id, total FROM orders ORDER BY id').stream();
    if (format !== 'ndjson') return false; // rows left unread: blocks the end
    for await (const row of rows) out.write(`${JSON.stringify(row)}\n`);
    return true;
  } finally {
    await conn.promise().end();
  }
}
