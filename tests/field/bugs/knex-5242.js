// Reported: https://github.com/knex/knex/issues/5242
// Library: knex 2.1.0 (pg and sqlite3)
// Symptom (as reported): an error thrown inside `for await` over a query stream
// leaves the stream's connection open; the later `await knex.destroy()` never
// resolves and the query is still running on the server.
// field: out-of-scope a for await left by a throw, on a driver whose stream keeps its connection when the iterator is closed
var knex = require('knex')({
  client: 'pg',
  connection: 'postgres://testuser:knextest@localhost:25432/knex_test',
});

async function main() {
  const stream = knex.select('*').from('accounts').stream(); // expect: no-iterator-outlives-pool/blocksClose // reconstructed
  try {
    for await (const row of stream) {
      throw new Error(`cannot handle ${row.id}`); // reconstructed
    }
  } catch (error) {
    console.error(error);
  }
  await knex.destroy();
  console.log('destroyed'); // never printed
}

main();
