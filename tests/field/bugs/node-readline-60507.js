// Reported: https://github.com/nodejs/node/issues/60507 (as met in
// https://github.com/geoip-lite/node-geoip/pull/277)
// Library: Node.js 24.2 to 26.2 (node:readline)
// Symptom (as reported): `for await` over a readline interface throws
// "ERR_USE_AFTER_CLOSE: readline was closed" when one chunk holds more than
// 1025 lines, in the middle of updatedb.js.
// field: fixed-upstream
// Node fixed events.on() (nodejs/node#60548): reading an interface with
// `for await` until it closes is the idiom again.
const fs = require('fs');
const readline = require('readline');

async function processCountryData(src, dest) { // reconstructed
  const rl = readline.createInterface({ input: fs.createReadStream(src), crlfDelay: Infinity }); // reconstructed
  let lines = 0;
  for await (const line of rl) { // reconstructed
    lines++;
    if (lines % 100000 === 0) console.log(`Still working (${lines}) ...`);
    dest.push(line.split(',')); // reconstructed
  }
  return lines;
}

module.exports = { processCountryData }; // reconstructed
