// Reported: https://github.com/amqp-node/amqplib/issues/301
// Library: amqplib 0.5.0
// Symptom (as reported): closing a channel directly fails "Unhandled rejection
// TypeError: Cannot read property 'closeBecause' of undefined".
// field: fixed-upstream
// A bug of amqplib 0.5.0, fixed in 0.5.1: closing the channel once the work is
// done, then the connection, is the idiom.
'use strict';

const amqp = require('amqplib');

const amqpUrl = `amqp://guest:guest@localhost`;
const queueName = 'test';

let conn, channel;

amqp
  .connect(amqpUrl)
  .then((_conn) => {
    conn = _conn;
    return conn.createChannel();
  })
  .then((_channel) => {
    channel = _channel;
    return channel.assertQueue(queueName); // reconstructed
  })
  .then(() => {
    setTimeout(() => {
      channel.close().then(() => conn.close()); // reconstructed
    }, 1000);
  });
