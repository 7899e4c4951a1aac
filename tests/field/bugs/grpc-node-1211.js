// Reported: https://github.com/grpc/grpc-node/issues/1211
// Library: grpc 1.24 (the same in @grpc/grpc-js: calls in progress go on)
// Symptom (as reported): `client.close()` from a timer does not cancel the
// server-streaming call that is still receiving data; the data keeps coming
// and the process does not exit.
// field: out-of-scope a graceful close of a client whose streaming call never ends by itself (the call must be cancelled first)
const grpc = require('grpc');

function makeCall(client) {
  const call = client.hello({ name: 'world' });
  call.on('error', console.error);
  call.on('data', console.log);
  call.on('status', console.log);
  call.on('end', console.log);
}

function main() {
  const Service = grpc.makeGenericClientConstructor(service);
  const client = new Service(host, grpc.credentials.createInsecure());
  makeCall(client);
  setTimeout(() => {
    console.log('closing client'); // reconstructed
    client.close(); // expect: no-iterator-outlives-pool/closedWhileReading
  }, 1000); // reconstructed
}

main();
