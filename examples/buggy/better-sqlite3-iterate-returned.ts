// better-sqlite3 12: `db.prepare(sql).iterate()` returns a lazy iterator over
// the statement's rows.
// Bug: the iterator is returned from a function whose `finally` closes the
// database. An iterator, even one not read yet, keeps the database busy: the
// close throws "This database connection is busy executing a query".
import Database from 'better-sqlite3';

export interface Order {
  id: number;
  total: number;
}

export function ordersSince(file: string, since: number): IterableIterator<Order> {
  const sql = 'SELECT id, total FROM orders WHERE created_at > ?';
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[number], Order>(sql).iterate(since); // reported: escapes
  } finally {
    db.close();
  }
}

export function revenueSince(file: string, since: number): number {
  let sum = 0;
  for (const order of ordersSince(file, since)) sum += order.total;
  return sum;
}
