import rule from '../../../src/rules/no-pool-used-after-close.js';
import { createRuleTester } from '../rule-tester.js';

// Shapes met linting public repositories (drivers' test suites, applications) that the rule reported and
// should not have, each with a reported twin: a known driver's method that is not one of its closes
// (oracledb's shutdown() stops the database, the connection goes on), mocha's `this.skip()` (it throws), a
// predicate asked of a closed pool (`isHealthy()`), a timer callback that settles a promise awaited before
// the close, handlers of a chain awaited where it is made (also through `Promise.all(items.map(…))`), and a
// promise returned by a callback inside the `try`, not by the `try` itself.

const ruleTester = createRuleTester();

const oracle = (body: string): string => `
import oracledb from 'oracledb';

export async function run(config: oracledb.ConnectionAttributes) {
  const conn = await oracledb.getConnection(config);
${body}
}
`;

ruleTester.run('no-pool-used-after-close', rule, {
  valid: [
    {
      name: "oracledb's shutdown() is no close",
      code: oracle(`  await conn.shutdown(oracledb.SHUTDOWN_MODE_IMMEDIATE);
  await conn.execute('ALTER DATABASE CLOSE');
  await conn.shutdown(oracledb.SHUTDOWN_MODE_FINAL);
  await conn.close();`),
    },
    {
      name: 'a predicate after the close',
      code: oracle(`  await conn.close();
  if (conn.isHealthy()) throw new Error('still healthy');`),
    },
    {
      name: "mocha's this.skip() ends the path",
      code: `
import oracledb from 'oracledb';

export async function check(this: { skip(): never }, config: oracledb.ConnectionAttributes) {
  const conn = await oracledb.getConnection(config);
  if (conn.oracleServerVersion < 1201000200) {
    await conn.close();
    this.skip();
  }
  await conn.execute('SELECT 1 FROM DUAL');
  await conn.close();
}
`,
    },
    {
      name: 'a timer callback that settles a promise awaited before the close',
      code: oracle(`  const broken = new Promise<void>((resolve) => {
    setTimeout(async () => {
      try {
        await conn.breakExecution();
      } finally {
        resolve();
      }
    }, 10);
  });
  await Promise.allSettled([broken]);
  await conn.close();`),
    },
    {
      name: 'a handler of an awaited chain, in finally before the close',
      code: `
import { Client } from 'basic-ftp';

export async function fetchFile(client: Client, out: string) {
  try {
    await client.downloadTo(out, 'remote.txt');
  } finally {
    await client.send('NOOP').catch((e) => client.trackProgress(() => e));
    client.close();
  }
}
`,
    },
    {
      name: 'handlers of chains mapped into an awaited Promise.all',
      code: `
import { Client } from 'basic-ftp';

export async function sizes(client: Client, paths: string[], seen: (path: string) => void) {
  try {
    await Promise.all(paths.map((path) => client.size(path).then(() => client.trackProgress(() => seen(path)))));
  } finally {
    client.close();
  }
}
`,
    },
    {
      name: 'a promise returned by a map callback inside the try',
      code: `
import { Client } from 'basic-ftp';

export async function sizes(client: Client, paths: string[]) {
  try {
    return await Promise.all(
      paths.map((path) => {
        return client.size(path).catch(() => 0);
      }),
    );
  } finally {
    client.close();
  }
}
`,
    },
  ],
  invalid: [
    {
      name: "twin: oracledb's close() is one",
      code: oracle(`  await conn.close();
  await conn.execute('ALTER DATABASE CLOSE');`),
      errors: [
        {
          messageId: 'usedAfterClose',
          data: { use: "'conn.execute(…)'", pool: "connection 'conn'", disposal: 'line 6, conn.close()' },
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 45,
        },
      ],
    },
    {
      name: 'twin: no this.skip() after the close',
      code: `
import oracledb from 'oracledb';

export async function check(config: oracledb.ConnectionAttributes) {
  const conn = await oracledb.getConnection(config);
  if (conn.oracleServerVersion < 1201000200) {
    await conn.close();
  }
  await conn.execute('SELECT 1 FROM DUAL');
  await conn.close();
}
`,
      errors: [
        {
          messageId: 'mayBeUsedAfterClose',
          data: { use: "'conn.execute(…)'", pool: "connection 'conn'", disposal: 'line 7, conn.close()' },
          line: 9,
          column: 9,
          endLine: 9,
          endColumn: 43,
        },
      ],
    },
    {
      name: 'twin: the timer callback does not settle the awaited promise',
      code: oracle(`  const broken = new Promise<void>((resolve) => {
    setTimeout(async () => {
      await conn.breakExecution();
    }, 10);
    resolve();
  });
  await Promise.allSettled([broken]);
  await conn.close();`),
      errors: [
        {
          messageId: 'usedLater',
          data: {
            use: "'conn.breakExecution()'",
            pool: "connection 'conn'",
            disposal: 'line 13, conn.close()',
            callback: 'a setTimeout callback, handed over at line 6',
          },
          line: 8,
          column: 13,
          endLine: 8,
          endColumn: 34,
        },
      ],
    },
    {
      name: 'twin: a handler of a chain not awaited',
      code: `
import { Client } from 'basic-ftp';

export async function fetchFile(client: Client, out: string) {
  try {
    await client.downloadTo(out, 'remote.txt');
  } finally {
    void client.send('NOOP').catch((e) => client.trackProgress(() => e));
    client.close();
  }
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            use: "'client.send(…)'",
            pool: "client 'client'",
            disposal: 'line 9, client.close() in finally',
            behaviour: "basic-ftp's close() does not wait for it",
          },
          line: 8,
          column: 10,
          endLine: 8,
          endColumn: 29,
        },
        {
          messageId: 'usedLater',
          data: {
            use: "'client.trackProgress(…)'",
            pool: "client 'client'",
            disposal: 'line 9, client.close() in finally',
            callback: "the callback of 'client.send(…).catch(…)', handed over at line 8",
          },
          line: 8,
          column: 43,
          endLine: 8,
          endColumn: 72,
        },
      ],
    },
    {
      name: 'twin: a promise returned by the try itself',
      code: `
import { Client } from 'basic-ftp';

export async function size(client: Client, path: string) {
  try {
    return client.size(path).catch(() => 0);
  } finally {
    client.close();
  }
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            use: "'client.size(…)'",
            pool: "client 'client'",
            disposal: 'line 8, client.close() in finally',
            behaviour: "basic-ftp's close() does not wait for it",
          },
          line: 6,
          column: 12,
          endLine: 6,
          endColumn: 29,
        },
      ],
    },
  ],
});
