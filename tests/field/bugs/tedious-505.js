// Reported: https://github.com/tediousjs/tedious/issues/482 and its fix
// https://github.com/tediousjs/tedious/pull/505
// Library: tedious 1.x/2.x
// Symptom (as reported): closing the connection in a request's 'done' handler
// ("invalid code, as TDS allows for multiple of these tokens and the request is
// not complete till the callback passed in the constructor is invoked") gives
// undefined behaviour; since the fix the request fails "Connection closed
// before request completed."
// field: out-of-scope a close in tedious's 'done' event, which is not the end of the request (its callback is)
const { Connection, Request } = require('tedious');
const connection = new Connection(config); // reconstructed

connection.on('connect', function () { // reconstructed
  const request = new Request('select 1; select 2', function (err) { // reconstructed
    if (err) console.error(err); // reconstructed
  }); // reconstructed
  // Any one of 'done', 'doneInProc' and 'doneProc'
  request.on('done', function (rowCount, more, rows) {
    connection.close(); // expect: no-iterator-outlives-pool/closedWhileReading
  });
  connection.execSql(request); // reconstructed
}); // reconstructed
