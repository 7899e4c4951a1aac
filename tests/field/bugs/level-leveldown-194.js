// Reported: https://github.com/Level/leveldown/issues/194
// Library: leveldown 1.x (through levelup)
// Symptom (as reported): the process aborts, "Assertion
// `dummy_versions_.next_ == &dummy_versions_' failed", core dumped. The
// maintainers: it comes from closing the database while iterators are still
// open.
// field: fixed-upstream
// Fixed in leveldown (Level/leveldown#368, #597): `close()` now ends the open
// iterators and waits for pending operations first. Stopping a read part way
// and closing the database is the idiom.
const level = require('level'); // reconstructed

async function firstKeys(location, n) { // reconstructed
  const db = level(location); // reconstructed
  const keys = []; // reconstructed
  const it = db.iterator({ values: false }); // reconstructed
  for (let i = 0; i < n; i++) { // reconstructed
    const [key] = (await it.next()) ?? []; // reconstructed
    if (key === undefined) break; // reconstructed
    keys.push(key); // reconstructed
  } // reconstructed
  await db.close(); // reconstructed
  return keys; // reconstructed
} // reconstructed

module.exports = { firstKeys }; // reconstructed
