// Reported: https://github.com/brianc/node-postgres/issues/2013
// Library: pg 7/8 with pg-query-stream
// Symptom (as reported): with a QueryStream submitted to the Pool rather than to
// a client, "the returned promise never resolves and the pool never releases the
// used client". The maintainer: "that sounds like a problem", with a workaround
// (connect a client, read the stream, release).
// field: out-of-scope a query stream submitted to the pool itself, whose client nobody can release
import { Pool } from 'pg';
import QueryStream = require('pg-query-stream');

const pool = new Pool();

export async function main() { // reconstructed
  const query = new QueryStream('SELECT * FROM ...');
  const q = pool.query(query); // expect: no-iterator-outlives-pool/leftOpen
  console.log(q); // Promise { <pending>, ...
  await q; //!
} // reconstructed
