// Reported: https://github.com/WiseLibs/better-sqlite3/issues/78
// Library: better-sqlite3 4.x (the same today: close() throws while an iterator is open)
// Symptom (as reported): "Requesting an Iterator, stop processing it and closing
// the database results in an error: This database connection is busy executing a
// query." The maintainer: call `iterator.return()` before `db.close()`.
const Database = require('better-sqlite3');
const db = new Database('app.db'); // reconstructed

const stmt = db.prepare('SELECT * FROM my_table');
const iterator = stmt.iterate(); // expect: no-iterator-outlives-pool/leftOpen
const { value } = iterator.next();
console.log(value); // reconstructed
db.close();
