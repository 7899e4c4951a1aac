// mysql2: `query(sql).stream()` reads rows through the connection.
// Correct: the 'data' listener starts the flow and returns at once, and
// `finally` calls `end()` while rows are still arriving. mysql2's `end()` is
// graceful: it queues the quit behind the running query, so every row
// arrives before the connection closes (the driver's own idiom).
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
