// node:sqlite (`DatabaseSync` is disposable since Node 22.15): a `using`
// declaration closes the database at the end of the function body.
// Bug: the statement's lazy iterator is kept in a local and returned, so it
// is pulled after `using` has closed the database: ERR_INVALID_STATE, the
// failure reported in nodejs/node#57493.
import { DatabaseSync } from 'node:sqlite';

export function tagNames(file: string): Iterator<unknown> {
  using db = new DatabaseSync(file, { readOnly: true });
  const rows = db.prepare('SELECT name FROM tags ORDER BY name').iterate();
  return rows; // reported: escapes
}

export function printTags(file: string): void {
  const it = tagNames(file);
  for (let r = it.next(); r.done !== true; r = it.next()) {
    console.log(r.value);
  }
}
