// better-sqlite3 12: `stmt.iterate()` keeps the database busy until the
// iterator is read to its end or `return()`ed.
// Correct: the fixed twins. The first takes one row and closes the iterator
// with `return()` before `finally` closes the database; the second asks for
// one row with `get()`, which leaves no iterator open.
import Database from 'better-sqlite3';

export interface Order {
  id: number;
  total: number;
}

const sql = 'SELECT id, total FROM orders ORDER BY id DESC';

export function newestOrder(file: string): Order | undefined {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare<[], Order>(sql).iterate();
    const first = rows.next();
    rows.return?.();
    return first.done === true ? undefined : first.value;
  } finally {
    db.close();
  }
}

export function newestOrderByGet(file: string): Order | undefined {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], Order>(sql).get();
  } finally {
    db.close();
  }
}
