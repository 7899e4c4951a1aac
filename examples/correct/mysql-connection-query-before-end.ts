// mysql: a connection's `end()` runs the queries queued before it, then
// quits (the driver's own example): nothing is lost.
import mysql from 'mysql';

export function archive(ids: number[], done: (error: unknown) => void): void {
  const connection = mysql.createConnection({ host: 'localhost', user: 'app', database: 'shop' });
  for (const id of ids) {
    connection.query('UPDATE orders SET archived = 1 WHERE id = ?', [id], done);
  }
  connection.end();
}
