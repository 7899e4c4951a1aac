// Reported: https://github.com/nodejs/node/issues/57493 (labelled confirmed-bug)
// Library: Node.js 23 (node:sqlite)
// Symptom (as reported): "`StatementSync#iterate` fails with `Error: statement
// has been finalized`" part way through the rows when the statement is not kept
// in a variable: it could be collected while its iterator still read.
// field: fixed-upstream
// Node now keeps the statement alive while its iterator is open: iterating a
// statement prepared in place is the idiom.
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync('data.db'); // reconstructed

for (const row of db.prepare('SELECT * FROM events').iterate()) { // reconstructed
  console.log(row); // reconstructed
}
db.close(); // reconstructed
