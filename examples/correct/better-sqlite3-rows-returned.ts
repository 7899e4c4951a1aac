// better-sqlite3: the function runs its statement before its `finally`
// closes the database, and returns the rows: plain data, alive after the
// close.
import Database from 'better-sqlite3';

function expiredRows(file: string): { id: string }[] {
  const db = new Database(file);
  try {
    return db.prepare('SELECT id FROM sessions WHERE expires < ?').all(Date.now()) as { id: string }[];
  } finally {
    db.close();
  }
}

export function expired(file: string): string[] {
  return expiredRows(file).map((row) => row.id);
}
