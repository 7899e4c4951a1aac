// Reported: https://errornotes.dev/en/errors/mongodb/fix-mongopoolclosederror-attempted-to-check-out-a-connection-from-closed-connect
// Library: mongoose 6/7 (mongodb driver 4/5)
// Symptom (as reported): "MongoPoolClosedError: Attempted to check out a
// connection from closed connection pool": a shutdown handler disconnects
// while requests are still running; "under load, this happens on nearly every
// deploy".
// field: out-of-scope a close in a shutdown handler while requests that use the pool are still in flight (the server is not closed first)
const mongoose = require('mongoose'); // reconstructed
const User = mongoose.model('User', new mongoose.Schema({ name: String })); // reconstructed

app.get('/users/:id', async (req, res) => { // reconstructed
  res.json(await User.findById(req.params.id)); // expect: no-pool-used-after-close/usedLater // reconstructed
}); // reconstructed

process.on('SIGTERM', () => {
  mongoose.disconnect(); // no await: fire and forget
  server.close();
  process.exit(0);
});
