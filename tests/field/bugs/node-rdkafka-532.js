// Reported: https://github.com/Blizzard/node-rdkafka/issues/532
// Library: node-rdkafka 2.x
// Symptom (as reported): "i put `consumer.disconnect();` it does not stop &
// disconnect & still receiving message". The maintainer: don't use
// on('data') for this; consume batches with `consume` and disconnect between
// them.
// field: out-of-scope a close in the 'data' listener of a consumer that is itself the stream read, which keeps delivering
const Kafka = require('node-rdkafka'); // reconstructed
const consumer = new Kafka.KafkaConsumer({ 'group.id': 'g', 'metadata.broker.list': 'localhost:9092' }, {}); // reconstructed
const x = Date.now(); // reconstructed

consumer.on('ready', () => { // reconstructed
  consumer.assign([{ topic: 't', partition: 0, offset: 0 }]); // reconstructed
  consumer.consume(); // reconstructed
}); // reconstructed

consumer.on('data', (m) => {
  if (m.timestamp > x) {
    consumer.disconnect(); // stop receiving message // expect: no-iterator-outlives-pool/closedWhileReading
  } else {
    store(m); // reconstructed
  }
});

consumer.connect(); // reconstructed
