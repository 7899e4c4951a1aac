import rule from '../../../src/rules/no-pool-used-after-close.js';
import { createRuleTester } from '../rule-tester.js';

// A readline interface: after close(), question() throws ERR_USE_AFTER_CLOSE (the promise API's rejects) and
// write() hung the process on Node 23.8 (nodejs/node#57678), throwing since; the interface's other methods do
// nothing harmful after the close and are no uses. Iterating it after the close is the first rule's.

const ruleTester = createRuleTester();

ruleTester.run('no-pool-used-after-close', rule, {
  valid: [
    {
      name: 'prompt, pause and listeners after the close',
      code: `
import readline from 'node:readline';

const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
rl.on('line', (line) => {
  if (line === '.leave') {
    rl.close();
    return;
  }
  rl.prompt();
});
rl.on('close', () => {
  rl.setPrompt('> ');
  rl.pause();
});
`,
    },
    {
      name: 'question before the close',
      code: `
import readline from 'node:readline/promises';

export async function ask() {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const name = await rl.question('Name? ');
  rl.close();
  return name;
}
`,
    },
  ],
  invalid: [
    {
      name: 'question after the close in its own callback',
      code: `
const rl = require('readline').createInterface({ input: process.stdin, output: process.stdout });
rl.question('Name? ', (name) => {
  rl.close();
  rl.question(name + ', how are you? ', (how) => console.log(how));
});
`,
      errors: [
        {
          messageId: 'usedAfterClose',
          data: { use: "'rl.question(…)'", pool: "interface 'rl'", disposal: 'line 4, rl.close()' },
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 67,
        },
      ],
    },
    {
      name: 'question and write after the close (promise API)',
      code: `
import readline from 'node:readline/promises';

export async function ask() {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  rl.close();
  rl.write('Bye\\n');
  return rl.question('Name? ');
}
`,
      errors: [
        {
          messageId: 'usedAfterClose',
          data: { use: "'rl.write(…)'", pool: "interface 'rl'", disposal: 'line 6, rl.close()' },
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 20,
        },
        {
          messageId: 'usedAfterClose',
          data: { use: "'rl.question(…)'", pool: "interface 'rl'", disposal: 'line 6, rl.close()' },
          line: 8,
          column: 10,
          endLine: 8,
          endColumn: 31,
        },
      ],
    },
  ],
});
