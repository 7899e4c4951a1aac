// Reported: https://github.com/redis/node-redis/issues/1414
// Library: redis (node-redis) 2.8
// Symptom (as reported): "AbortError: SCAN can't be processed. The connection
// is already closed." after the first three SCAN batches: the client is quit
// while the recursive scan still sends commands.
const redis = require('redis').createClient(); // reconstructed

function scanAsync(redis, cursor, pattern, set) {
  return new Promise((resolve, reject) => {
    scan(redis, cursor, pattern, set, resolve, reject);
  });
}

function scan(redis, cursor, pattern, set, resolve, reject) {
  console.log('cursor', cursor);
  redis.send_command('scan', [cursor, 'MATCH', pattern, 'COUNT', '1'], function (err, res) {
    if (err) {
      throw err;
    }
    cursor = res[0];
    var keys = res[1];
    if (keys.length > 0) {
      keys.forEach(function (key, i) {
        set.add(key);
      });
    }
    if (cursor === '0') {
      resolve(true);
    } else {
      scan(redis, cursor, pattern, set, resolve, reject);
    }
  });
}

var myResults = new Set();
scanAsync(redis, '0', 'A*', myResults).then(() => console.log(myResults)); // expect: no-pool-used-after-close/notAwaited // reconstructed
redis.quit(); // reconstructed
