// mysql2: `query(sql).stream()` reads rows through the connection.
// Bug: the 'data' listener starts the flow and returns at once; `finally`
// calls `end()` while rows are still arriving. mysql2 queues the quit behind
// the stream: with many rows the end never comes, and the process never exits.
import mysql from 'mysql2';

export async function exportOrders(write: (row: unknown) => void): Promise<void> {
  const conn = mysql.createConnection({ host: 'db', user: 'app', database: 'shop' });
  try {
    const rows = conn.query('SELECT * FROM orders').stream();
    rows.on('data', (row) => write(row)); // reported: still reading
  } finally {
    conn.end();
  }
}
