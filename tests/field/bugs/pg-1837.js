// Reported: https://github.com/brianc/node-postgres/issues/1837 (the cause as
// given in the thread: "calling client.end() when a query is still running ...
// forgetting to await on the client.query")
// Library: pg 7.x
// Symptom (as reported): "Error: Connection Terminated" from a query.
const { Client } = require('pg'); // reconstructed
const client = new Client(); // reconstructed

function getUser(callback) { // reconstructed
  client.query( // expect: no-pool-used-after-close/notAwaited
    'SELECT username FROM ' + '"user"' + ' WHERE ' + ' userid ' + ' = ' + ' 1234 ',
    function (err, result) {
      if (err) {
        console.log('entered error');
        console.log(err);
        callback('');
      } else {
        console.log(result.rows);
        callback(result.rows);
      }
    },
  );
  client.end(); // reconstructed
} // reconstructed

module.exports = { getUser }; // reconstructed
