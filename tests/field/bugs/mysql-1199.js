// Reported: https://github.com/mysqljs/mysql/issues/1199
// Library: mysql 2.x
// Symptom (as reported): "Querys not execute. `pool.end();` fast close pool,
// then mysql error pool is closed." The maintainer: `pool.end` is called too
// early, before the queries' callbacks have run.
const mysql = require('mysql');
const pool = mysql.createPool({ host: 'localhost', user: 'app', database: 'ig' }); // reconstructed
const igaccountsUpdateSql = 'UPDATE igaccounts SET checked = 1 WHERE id = ?'; // reconstructed
const row = { id: 1 }; // reconstructed

for (i in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
  pool.query(igaccountsUpdateSql, [row.id], function (err, rows) { // expect: no-pool-used-after-close/notAwaited
    if (err) throw err;
  });
}

pool.end();
