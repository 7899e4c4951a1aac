import rule from '../../../src/rules/no-pool-used-after-close.js';
import { createRuleTester } from '../rule-tester.js';

// 'notAwaited' through a close handed to a timer (basic-ftp#34): the timer's callback closes the pool once the
// function that set it has run on, and an operation that function left running before the hand-over may still be
// running then. Only timers (a listener's close may never run), only a close on every path of the callback, and
// only operations left running (a stored promise the callback awaits first is fine).

const ruleTester = createRuleTester();

ruleTester.run('no-pool-used-after-close', rule, {
  valid: [
    // The download is awaited before the timer is set.
    `
import { Client } from 'basic-ftp';

export async function fetchThenClose(out: NodeJS.WritableStream, path: string) {
  const client = new Client();
  await client.access({ host: 'ftp.example.com' });
  await client.downloadTo(out, path);
  setTimeout(() => client.close(), 200);
}
`,
    // A listener is no timer: the close on a signal may never run.
    `
import { Client } from 'basic-ftp';

export async function serve(out: NodeJS.WritableStream, path: string) {
  const client = new Client();
  await client.access({ host: 'ftp.example.com' });
  client.downloadTo(out, path).catch(() => {});
  process.on('SIGTERM', () => client.close());
}
`,
    // The callback closes only once the download says it is done.
    `
import { Client } from 'basic-ftp';

export async function closeWhenDone(out: NodeJS.WritableStream, path: string) {
  const client = new Client();
  let done = false;
  await client.access({ host: 'ftp.example.com' });
  client.downloadTo(out, path).then(() => { done = true; });
  setTimeout(() => {
    if (done) client.close();
  }, 200);
}
`,
    // The promise is kept and the callback awaits it before the close.
    `
import { Client } from 'basic-ftp';

export async function awaitInTimer(out: NodeJS.WritableStream, path: string) {
  const client = new Client();
  await client.access({ host: 'ftp.example.com' });
  const download = client.downloadTo(out, path);
  setTimeout(async () => {
    await download;
    client.close();
  }, 200);
}
`,
    // mysql's end() waits for the queries it was given.
    `
import mysql from 'mysql';

export function countLater(sql: string) {
  const connection = mysql.createConnection({});
  connection.query(sql, () => {});
  setTimeout(() => connection.end(), 100);
}
`,
    // Handed over by name after the download is awaited; or called, not handed over: the close runs in place.
    `
import { Client } from 'basic-ftp';

export async function fetchThenClose(out: NodeJS.WritableStream, path: string) {
  const client = new Client();
  await client.access({ host: 'ftp.example.com' });
  await client.downloadTo(out, path);
  const stop = () => client.close();
  setTimeout(stop, 200);
}
`,
    `
import { Client } from 'basic-ftp';

export async function closeNow(out: NodeJS.WritableStream, path: string) {
  const client = new Client();
  await client.access({ host: 'ftp.example.com' });
  await client.downloadTo(out, path);
  const stop = () => client.close();
  stop();
}
`,
  ],
  invalid: [
    // basic-ftp#34: the download left running when the timer closes the client.
    {
      code: `
import { Client } from 'basic-ftp';

export async function demo(out: NodeJS.WritableStream, path: string) {
  const client = new Client();
  await client.access({ host: 'ftp.example.com' });
  client.downloadTo(out, path)
    .then(() => console.log('done'))
    .catch(() => console.log('failed'));
  setTimeout(async () => {
    await client.close();
  }, 200);
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            use: "'client.downloadTo(…)'",
            pool: "client 'client'",
            disposal: 'line 11, client.close() in a setTimeout callback',
            behaviour: "basic-ftp's close() does not wait for it",
          },
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 31,
        },
      ],
    },
    // The same with setImmediate and an expression-bodied callback.
    {
      code: `
import { Client } from 'basic-ftp';

export async function upload(source: NodeJS.ReadableStream, path: string) {
  const client = new Client();
  await client.access({ host: 'ftp.example.com' });
  void client.uploadFrom(source, path);
  setImmediate(() => client.close());
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            use: "'client.uploadFrom(…)'",
            pool: "client 'client'",
            disposal: 'line 8, client.close() in a setImmediate callback',
            behaviour: "basic-ftp's close() does not wait for it",
          },
          line: 7,
          column: 8,
          endLine: 7,
          endColumn: 39,
        },
      ],
    },
    // The close handed over to the timer by its name.
    {
      code: `
import { Client } from 'basic-ftp';

export async function demo(out: NodeJS.WritableStream, path: string) {
  const client = new Client();
  await client.access({ host: 'ftp.example.com' });
  client.downloadTo(out, path).catch(() => console.log('failed'));
  async function stop() {
    await client.close();
  }
  setTimeout(stop, 200);
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            use: "'client.downloadTo(…)'",
            pool: "client 'client'",
            disposal: 'line 9, client.close() in a setTimeout callback handed over at line 11',
            behaviour: "basic-ftp's close() does not wait for it",
          },
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 31,
        },
      ],
    },
  ],
});
