// Reported: https://github.com/nodejs/node/issues/42450
// Library: Node.js 17 (node:readline)
// Symptom (as reported): `readline.question` after `readline.close()` still
// prompts, "but the callback won't be called and the process hangs!"
const readline = require('readline').createInterface({
  input: process.stdin,
  output: process.stdout,
});

readline.question(`What's your name?`, (name) => {
  console.log(`Hi ${name}!`);
  readline.close();
  readline.question(`How are you?`, (how) => { // expect: no-pool-used-after-close/usedAfterClose
    console.log(`Good to know you are ${how}!`);
  });
});
