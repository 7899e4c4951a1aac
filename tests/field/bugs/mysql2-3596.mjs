// Reported: https://github.com/sidorares/node-mysql2/issues/3596
// (this form from its fix, https://github.com/sidorares/node-mysql2/pull/3769)
// Library: mysql2 3.14.3 and earlier
// Symptom (as reported): after `break` out of `for await` over a query stream,
// `pool.end()` leaves the connection paused and "the script will never exit".
// field: fixed-upstream
// mysql2 3.14.4 (PR 3769, and 3775) ends the query when the stream is destroyed, so
// leaving the loop by `break` finishes the query: this is the idiom today.
import { createPool } from 'mysql2';

const pool = createPool({
  database: 'test',
  host: '127.0.0.1',
  port: 3306,
  user: 'user',
});

const results = pool.query('select * from test;').stream();
for await (const result of results) {
  break;
}

pool.end();
