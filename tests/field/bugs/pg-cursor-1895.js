// Reported: https://github.com/brianc/node-postgres/issues/1895
// Library: pg 7/8 with pg-cursor
// Symptom (as reported): "When using a client to read from a table using a
// cursor, all subsequent queries to that client hang forever unless the cursor
// is closed." The cursor, never read nor closed, is still open when the client
// goes back to the pool.
const { Pool } = require('pg');
const Cursor = require('pg-cursor');

async function main({ env: { DATABASE_URL } }) {
  const pool = new Pool({ connectionString: DATABASE_URL });

  const client = await pool.connect();

  try {
    const cursor = client.query(new Cursor('SELECT * FROM generate_series(1, 10)')); // expect: no-iterator-outlives-pool/leftOpen

    await client.query('SELECT 1'); // This hangs forever because the cursor is still open...
  } finally {
    client.release();
  }

  await pool.end();
}

main(process).catch((error) => {
  console.error(error);
  process.exit(1);
});
