// Reported: https://github.com/tulios/kafkajs/issues/1639
// Library: kafkajs 2.2
// Symptom (as reported): disconnecting a consumer before `consumer.run`
// resolves gives "a crash event, a `Response without match` event and not
// always, but pretty bad: not being disconnected at all, ie. the consumer just
// keeps consuming messages."
// field: out-of-scope a consumer disconnected before its run() has settled, on a client the contracts do not know
const { Kafka } = require('kafkajs'); // reconstructed

async function start(topic) { // reconstructed
  const kafka = new Kafka({ clientId: 'xxx', brokers: ['127.0.0.1:9093'] }); // reconstructed
  const consumer = kafka.consumer({ groupId: 'xxx' }); // reconstructed
  await consumer.connect(); // reconstructed
  await consumer.subscribe({ topic }); // reconstructed
  const running = consumer.run({ eachMessage: async ({ message }) => console.log(message.offset) }); // expect: no-pool-used-after-close/notAwaited // reconstructed
  await consumer.disconnect(); // reconstructed
  await running; // reconstructed
} // reconstructed

module.exports = { start }; // reconstructed
