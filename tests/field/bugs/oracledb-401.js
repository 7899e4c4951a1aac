// Reported: https://github.com/oracle/node-oracledb/issues/401
// Library: oracledb 1.x
// Symptom (as reported): exporting a table with `queryStream` fails part way
// with "Error: NJS-003: invalid connection". The maintainer's fix releases the
// connection in the stream's 'end' handler, which also keeps it referenced
// until the stream is done.
// field: out-of-scope a connection that nothing references while its stream reads, closed when it is collected
var oracledb = require('oracledb');
var ws = require('fs').createWriteStream('test.out');

oracledb.getConnection({ user: 'test', password: 'test', connectString: 'ora' }, function (err, connection) {
  if (err) return console.trace(err);

  var stream = connection.queryStream('select * from dual connect by level <= 10000 '); // expect: no-iterator-outlives-pool

  stream.on('data', function (data) {
    ws.write(data + '\n');
  });

  stream.on('end', function () {
    ws.end();
  });

  stream.on('error', function (error) {
    console.trace(error);
  });
});
