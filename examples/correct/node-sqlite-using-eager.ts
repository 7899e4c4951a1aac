// node:sqlite (`DatabaseSync` is disposable since Node 22.15).
// Correct: the statement is consumed while `using` keeps the database open:
// `all()` is eager, and the `for…of` over `iterate()` runs inside the scope.
// Only arrays and numbers leave the function (no ERR_INVALID_STATE).
import { DatabaseSync } from 'node:sqlite';

export function tagNames(file: string): string[] {
  using db = new DatabaseSync(file, { readOnly: true });
  const rows = db.prepare('SELECT name FROM tags ORDER BY name').all();
  return rows.map((r) => String(r.name));
}

export function countLongTags(file: string, min: number): number {
  using db = new DatabaseSync(file, { readOnly: true });
  let n = 0;
  for (const row of db.prepare('SELECT name FROM tags').iterate()) {
    if (String(row.name).length >= min) n += 1;
  }
  return n;
}
