// better-sqlite3: rows read before `close()` are plain data; only the
// database and its statements die with it.
import Database from 'better-sqlite3';

export function expired(file: string): string[] {
  const db = new Database(file);
  const rows = db.prepare('SELECT id FROM sessions WHERE expires < ?').all(Date.now()) as { id: string }[];
  db.close();
  return rows.map((row) => row.id);
}
