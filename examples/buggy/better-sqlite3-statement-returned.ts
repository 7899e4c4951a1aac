// better-sqlite3: a prepared statement dies with its database; after
// `close()` running it throws "The database connection is not open".
// Bug: `expiredQuery` returns a statement of a database its `finally`
// closes, and the caller runs it on the closed database.
import Database from 'better-sqlite3';

function expiredQuery(file: string) {
  const db = new Database(file);
  try {
    return db.prepare('SELECT id FROM sessions WHERE expires < ?');
  } finally {
    db.close();
  }
}

export function expired(file: string): string[] {
  const query = expiredQuery(file);
  const rows = query.all(Date.now()) as { id: string }[]; // reported: used after close
  return rows.map((row) => row.id);
}
