// Reported: https://github.com/ZJONSSON/node-etl/issues/73
// Library: mysql 2.x (through etl's mysql source)
// Symptom (as reported): "If an error occurs in the consumer of a mysql stream,
// the connection is returned to the connection pool. However, since the
// connection hasn't been explicitly closed, it's still actively trying to
// deliver the original results. Any subsequent request that gets this
// connection will be unable to submit a request."
function stream(pool, sql, consumer) { // reconstructed
  pool.getConnection(function (err, connection) { // reconstructed
    if (err) return consumer.emit('error', err); // reconstructed
    const rows = connection.query(sql).stream(); // reconstructed
    rows.pipe(consumer); // reconstructed
    consumer.on('error', function () { // reconstructed
      connection.release(); // expect: no-iterator-outlives-pool/closedWhileReading // reconstructed
    }); // reconstructed
    rows.on('end', function () { // reconstructed
      connection.release(); // reconstructed
    }); // reconstructed
  }); // reconstructed
} // reconstructed

module.exports = stream; // reconstructed
