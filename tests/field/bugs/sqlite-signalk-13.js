// Reported: https://github.com/tkurki/signalk-to-influxdb/issues/13
// Library: sqlite (the promise wrapper) over sqlite3
// Symptom (as reported): after the plugin is disabled, "Error: SQLITE_MISUSE:
// Database is closed at Database.prepare ... at trackIdP.then.theTrackId
// (trackdb.js:76)": a `.then` callback prepares a statement on the database
// that the plugin's stop has closed.
// field: out-of-scope a use in a promise callback, with the close in another function (the plugin's stop)
const sqlite = require('sqlite'); // reconstructed

module.exports = function trackDb(dbFile) { // reconstructed
  const dbP = sqlite.open(dbFile); // reconstructed
  let trackIdP = dbP.then((db) => db.get('SELECT max(id) AS id FROM tracks')); // reconstructed
  return { // reconstructed
    addPoint(point) { // reconstructed
      Promise.all([dbP, trackIdP]).then(([db, theTrackId]) => // reconstructed
        db.prepare('INSERT INTO trackpoints VALUES (?, ?, ?, ?)'), // expect: no-pool-used-after-close/usedLater // reconstructed
      ); // reconstructed
    }, // reconstructed
    stop() { // reconstructed
      return dbP.then((db) => db.close()); // reconstructed
    }, // reconstructed
  }; // reconstructed
}; // reconstructed
