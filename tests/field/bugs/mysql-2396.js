// Reported: https://github.com/mysqljs/mysql/issues/2396
// Library: mysql 2.18
// Symptom (as reported): with a query started in stream mode and never read,
// `connection.end()` never calls back; the event loop empties and node exits
// abruptly with code 0, so nothing after the disconnect runs.
const mysql = require('mysql');

async function main() {
  const connection = mysql.createConnection({ host: 'localhost', user: 'root', database: 'test' }); // reconstructed
  await new Promise((resolve, reject) => connection.connect((err) => (err ? reject(err) : resolve()))); // reconstructed
  const stream = connection.query('SELECT * FROM big_table').stream(); // expect: no-iterator-outlives-pool/blocksClose // reconstructed
  await new Promise((resolve) => connection.end(resolve)); // reconstructed
  console.log('Disconnected, THIS IS NEVER SHOWN');
}

main();
