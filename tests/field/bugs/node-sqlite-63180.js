// Reported: https://github.com/nodejs/node/issues/63180
// Library: Node.js 22 to 26 (node:sqlite)
// Symptom (as reported): `db.close()` called from a user-defined function while
// the query runs segfaults the process (confirmed bug; since nodejs/node#64743
// such a close throws ERR_INVALID_STATE instead, still failing the query).
// field: out-of-scope a close called from a user-defined function while the statement that calls it runs
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(':memory:');
db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)');
db.prepare('INSERT INTO t VALUES (1, 10)').run();
db.prepare('INSERT INTO t VALUES (2, 20)').run();
db.function('boom', (v) => { // reconstructed
  db.close(); // expect: no-pool-used-after-close/usedAfterClose // reconstructed
  return v; // reconstructed
}); // reconstructed
db.prepare('SELECT boom(v) FROM t').all(); // reconstructed
