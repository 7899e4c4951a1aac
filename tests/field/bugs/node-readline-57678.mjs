// Reported: https://github.com/nodejs/node/issues/57678
// Library: Node.js 23.8 (node:readline/promises)
// Symptom (as reported): a write to the interface after `rl.close()` makes the
// process hang indefinitely (now it throws ERR_USE_AFTER_CLOSE).
import readline from 'node:readline/promises';
import { stdin, stdout } from 'node:process';

const rl = readline.createInterface({ input: stdin, output: stdout, mode: 'buffering' });

process.nextTick(() => {
  rl.write('Hi!\n');
});

await rl.question('Hello. ');

rl.close();

rl.write('Goobye!\n'); // expect: no-pool-used-after-close/usedAfterClose
