// better-sqlite3: after `close()`, every call on the database or on its
// statements throws "The database connection is not open".
// Bug: in read-only mode the database is closed early, and the statement
// prepared before is still run on that path.
import Database from 'better-sqlite3';

export function cleanUp(file: string, readOnly: boolean): number {
  const db = new Database(file);
  const remove = db.prepare('DELETE FROM sessions WHERE expires < ?');
  if (readOnly) db.close();
  const { changes } = remove.run(Date.now()); // reported: may be used after close
  if (!readOnly) db.close();
  return changes;
}
