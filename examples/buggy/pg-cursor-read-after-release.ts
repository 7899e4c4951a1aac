// node-postgres + pg-cursor: `client.query(new Cursor(sql))` returns a cursor
// that fetches rows in batches through the checked-out client.
// Bug: the first batch is read after the `try` statement whose `finally`
// released the client. The read still works, but the cursor is never closed:
// at `max: 1` the next call's query waits behind it on that client, forever.
import pg from 'pg';
import Cursor from 'pg-cursor';

interface AuditRow {
  id: number;
  action: string;
}

const pool = new pg.Pool({ max: 1 });

export async function firstAuditPage(userId: number): Promise<AuditRow[]> {
  let cursor: Cursor<AuditRow>;
  const client = await pool.connect();
  try {
    await client.query('SET statement_timeout = 5000');
    cursor = client.query(new Cursor<AuditRow>('SELECT * FROM audit WHERE user_id = $1', [userId]));
  } finally {
    client.release();
  }
  return cursor.read(100); // reported: consumed after disposal
}
