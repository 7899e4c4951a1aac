// better-sqlite3 12: `db.prepare(sql).iterate()` is lazy.
// Correct: two fixed twins. The generator function holds the database in its
// own `try/finally`, and `yield*` hands the rows out while it is open; the
// database closes when the caller's `for…of` ends. The second function
// materializes the rows with `Array.from(…)` before `finally` closes it.
import Database from 'better-sqlite3';

export interface Order {
  id: number;
  total: number;
}

const sql = 'SELECT id, total FROM orders WHERE created_at > ?';

export function* ordersSince(file: string, since: number): Generator<Order> {
  const db = new Database(file, { readonly: true });
  try {
    yield* db.prepare<[number], Order>(sql).iterate(since);
  } finally {
    db.close();
  }
}

export function ordersSinceArray(file: string, since: number): Order[] {
  const db = new Database(file, { readonly: true });
  try {
    return Array.from(db.prepare<[number], Order>(sql).iterate(since));
  } finally {
    db.close();
  }
}
