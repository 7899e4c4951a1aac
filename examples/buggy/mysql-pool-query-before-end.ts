// mysql: a pool hands out connections asynchronously. Its `end()` waits for
// the connections in use, but fails the queries still waiting for one.
// Bug: the queries are queued and `end()` is called in the same tick: all
// but the first `connectionLimit` fail with "Pool is closed" (mysqljs/mysql#1199).
import mysql from 'mysql';

export function archive(ids: number[], done: (error: unknown) => void): void {
  const pool = mysql.createPool({ host: 'localhost', user: 'app', database: 'shop', connectionLimit: 2 });
  for (const id of ids) {
    pool.query('UPDATE orders SET archived = 1 WHERE id = ?', [id], done); // reported: not awaited
  }
  pool.end();
}
