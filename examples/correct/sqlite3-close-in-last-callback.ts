// sqlite3: the database is closed from the callback of the last call, once
// nothing more will be asked of it.
import sqlite3 from 'sqlite3';

export function touch(file: string, name: string): void {
  const db = new sqlite3.Database(file);
  db.get('SELECT id FROM users WHERE name = ?', [name], (err: Error | null, row?: { id: number }) => {
    if (err || !row) {
      db.close();
      return;
    }
    db.run('UPDATE users SET seen = CURRENT_TIMESTAMP WHERE id = ?', [row.id], () => db.close());
  });
}
