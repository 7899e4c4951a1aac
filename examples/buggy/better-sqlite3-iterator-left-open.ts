// better-sqlite3 12: `stmt.iterate()` keeps the database busy until the
// iterator is read to its end or `return()`ed.
// Bug: only the first row is taken with `next()`, and the iterator is left
// open. `db.close()` in `finally` then throws "This database connection is
// busy executing a query": the caller gets that error instead of the row, and
// the database stays open.
import Database from 'better-sqlite3';

export interface Order {
  id: number;
  total: number;
}

export function newestOrder(file: string): Order | undefined {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare<[], Order>('SELECT id, total FROM orders ORDER BY id DESC').iterate();
    return rows.next().value; // iterator left open: the close throws
  } finally {
    db.close();
  }
}
