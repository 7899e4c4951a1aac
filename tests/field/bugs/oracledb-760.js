// Reported: https://github.com/oracle/node-oracledb/issues/760
// Library: oracledb 1.x/2.x
// Symptom (as reported): when the client drops, the request's 'close' handler
// closes the connection while the query stream is still delivering rows:
// "an NJS-031 error is thrown".
fastify.get('/role/:roleName', roleRouteOpts, (req, reply) => {
  const roleName = req.params.roleName;
  pool.getConnection((err, conn) => {
    if (err) {
      return reply.send(err);
    }

    req.req.on('close', (err) => {
      conn.close(); // expect: no-iterator-outlives-pool/closedWhileReading
    });

    const rows = conn.queryStream(fastify.rollerPlugins[roleName]); // reconstructed
    rows.on('data', (row) => reply.raw.write(JSON.stringify(row))); // reconstructed
    rows.on('end', () => reply.raw.end()); // reconstructed
  });
});
