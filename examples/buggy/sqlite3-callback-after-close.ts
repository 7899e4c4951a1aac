// sqlite3: `db.close()` waits for the calls issued before it, then closes.
// Bug: the callback of `db.get` runs after `db.close()` was called, and its
// `db.run` fails with SQLITE_MISUSE: Database is closed.
import sqlite3 from 'sqlite3';

export function touch(file: string, name: string): void {
  const db = new sqlite3.Database(file);
  db.serialize(() => {
    db.get('SELECT id FROM users WHERE name = ?', [name], (err: Error | null, row?: { id: number }) => {
      if (err || !row) return;
      db.run('UPDATE users SET seen = CURRENT_TIMESTAMP WHERE id = ?', [row.id]); // reported: used later
    });
    db.close();
  });
}
