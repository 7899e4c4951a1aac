// mysql2: `query(sql).stream()` reads rows through the connection.
// Correct: the fixed twin. The scope awaits the stream's end (`finished`)
// before `finally` ends the connection.
import { finished } from 'node:stream/promises';
import mysql from 'mysql2';

export async function exportOrders(write: (row: unknown) => void): Promise<void> {
  const conn = mysql.createConnection({ host: 'db', user: 'app', database: 'shop' });
  try {
    const rows = conn.query('SELECT * FROM orders').stream();
    rows.on('data', (row) => write(row));
    await finished(rows);
  } finally {
    conn.end();
  }
}
