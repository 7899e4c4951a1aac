// node-postgres: an awaited query resolves to plain data; `res.rows.find(…)`
// with a callback is the array's method, not a cursor, and may be returned
// after the release.
import type { Pool } from 'pg';

interface User {
  id: number;
  name: string;
}

export async function userById(pool: Pool, id: number) {
  const client = await pool.connect();
  try {
    const res = await client.query<User>('SELECT * FROM users');
    return res.rows.find((r) => r.id === id);
  } finally {
    client.release();
  }
}
