// Reported: https://github.com/brianc/node-pg-cursor/issues/6
// Library: pg-cursor 0.x with generic-pool
// Symptom (as reported): a cursor read only part of the way before its client
// goes back to the pool: when the pool hands that client out again, "something
// freezes".
const Cursor = require('pg-cursor');

function firstBatch(pool, sql, cb) { // reconstructed
  pool.acquire(function (err, client) { // reconstructed
    const cur = client.query(new Cursor(sql)); // expect: no-iterator-outlives-pool/leftOpen // reconstructed
    cur.read(100, function (err, rows) {
      pool.release(client); // reconstructed
      cb(err, rows); // reconstructed
    });
  });
}
