// Reported: https://github.com/sidorares/node-mysql2/issues/3596 (written for the
// mysql package, whose repository no longer accepts issues; "the problem also
// exists in mysql2", fixed there in 3.14.4, not in mysql)
// Library: mysql 2.18
// Symptom (as reported): an error thrown while a pipeline reads a query stream
// leaves the connection paused; `pool.end` then hangs the process.
import { createPool } from 'mysql';
import { pipeline } from 'node:stream/promises';

const pool = createPool({
  host: process.env.MYSQL_HOST,
  port: Number(process.env.MYSQL_PORT),
  user: process.env.MYSQL_USER,
  password: process.env.MYSQL_PASSWORD,
  database: process.env.MYSQL_DATABASE,
  poolConnectionLimit: 1,
  multipleStatements: true,
});

const promisify = (fn) =>
  new Promise((resolve, reject) => fn((exn, conn) => (exn ? reject(exn) : resolve(conn))));

const conn = await promisify((cb) => pool.getConnection(cb));

try {
  const stream = conn.query('select 1; select sleep(1);').stream({}); // expect: no-iterator-outlives-pool/blocksClose
  await pipeline(stream, async function* (source) {
    for await (const chunk of source) {
      console.log('chunk:', chunk);
      throw new Error();
    }
  }).catch((err) => console.log('caught:', err));
} finally {
  conn.release();
  console.log('released');
}

await promisify((cb) => pool.end(cb)); // hangs // reconstructed
