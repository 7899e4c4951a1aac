// Reported: https://github.com/tulios/kafkajs/issues/601
// Library: kafkajs 1.11
// Symptom (as reported): "Calls to disconnect seem to hang. Neither the
// consumer nor producer disconnect are logged by the internal kafkajs logger,
// and we never get to the call to exit the process."
// field: out-of-scope an awaited graceful close inside the per-item callback that the close waits for (a deadlock)
async function main(consumer, producer) { // reconstructed
  await consumer.run({
    eachBatch: async ({ batch, heartbeat, resolveOffset }) => {
      const { messages, highWatermark } = batch;
      for await (const message of messages) {
        resolveOffset(message.offset);
        await heartbeat();

        if (parseInt(message.offset, 10) === parseInt(highWatermark, 10) - 1) {
          console.log('Script finished, disconnecting...');
          await consumer.disconnect(); // expect: no-iterator-outlives-pool/closedWhileReading
          await producer.disconnect();
          process.exit(0); // reconstructed
        }
      }
    },
  });
} // reconstructed

module.exports = { main }; // reconstructed
