// Reported: https://github.com/tulios/kafkajs/issues/767
// Library: kafkajs 1.12
// Symptom (as reported): "I tried calling `await consumer.disconnect();` in the
// `eachMessage` callback but the disconnect call hangs": disconnect waits for
// the running eachMessage, which waits for disconnect.
// field: out-of-scope an awaited graceful close inside the per-item callback that the close waits for (a deadlock)
require('dotenv').config();

const { Kafka } = require('kafkajs');

(async () => {
  const kafka = new Kafka({ brokers: process.env.KAFKA_BROKER_LIST.split(',') });

  const consumer = kafka.consumer({ groupId: 'my-group' });

  await consumer.connect();
  await consumer.subscribe({ topic: process.env.KAFKA_TOPIC });

  consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, message }) => {
      const event = JSON.parse(message.value.toString());
      console.log(topic, event);
      await consumer.disconnect(); // expect: no-iterator-outlives-pool/closedWhileReading // reconstructed
      console.log('end'); // reconstructed
    },
  });
})();
