// Reported: https://github.com/brianc/node-postgres/pull/1715
// Library: pg 7.x
// Symptom (as reported): a query issued after `client.end()` fails with
// "Error: Connection terminated", and it is "not exactly clear what's going on".
const { Client } = require('pg');
const client = new Client({ user: 'acn', password: 'foo', database: 'shard_1' });

async function main() {
  await client.connect();

  console.log('Client connected, ending connection');
  client.end();

  const promise = client.query('SELECT pg_sleep(20)'); // expect: no-pool-used-after-close/usedAfterClose

  console.log('Now waiting for DB to respond');

  const res = await promise;
  console.log(res.rows);

  process.exit(0);
}

main();
