// Reported: https://github.com/nodejs/node/issues/57493 (a second case in the
// thread, answered by a maintainer)
// Library: Node.js 23 (node:sqlite, `using`)
// Symptom (as reported): a statement prepared on a `using` database and used
// after the scope fails "Error: statement has been finalized". The maintainer:
// "I expect `db` to close once it goes out of scope even though you've aliased
// it. Once the database is closed, all of the prepared statements associated
// with that database are finalized."
import { DatabaseSync } from 'node:sqlite';

function prepareCount(path) { // reconstructed
  using db = new DatabaseSync(path); // reconstructed
  const alias = db; // reconstructed
  return alias.prepare('SELECT count(*) AS n FROM events'); // reconstructed
} // reconstructed

const stmt = prepareCount('data.db'); // reconstructed
console.log(stmt.get()); // expect: no-pool-used-after-close/usedAfterClose // reconstructed
