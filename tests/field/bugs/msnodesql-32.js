// Reported: https://github.com/Azure/node-sqlserver/issues/32 (labelled bug)
// Library: msnodesql (Microsoft's SQL Server driver for Node, now msnodesqlv8)
// Symptom (as reported): "If a call to close is made before a result set is
// done processing, the extension will be ill behaved": the connection is
// closed from the statement's 'row' handler.
var sql = require('./lib/sql.js');
var assert = require('assert');

var conn_str = 'Driver={SQL Server Native Client 11.0};Server=.\\SQL2008R2;Trusted_Connection={Yes};Database={test}';

sql.open(conn_str, function (err, conn) {
  assert.ifError(err);

  var stmt = conn.queryRaw('select * from sys.tables');

  stmt.on('meta', function (m) {
    console.log('meta');
  });
  stmt.on('done', function () {
    console.log('done');
  });
  stmt.on('error', function (e) {
    console.log(e);
  });
  stmt.on('row', function (r) {
    console.log('row');
    conn.close(); // expect: no-iterator-outlives-pool/closedWhileReading
  });
});
