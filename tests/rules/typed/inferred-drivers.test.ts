import path from 'node:path';
import { NamedRuleTester as RuleTester } from '../rule-tester.js';
import usedAfterClose from '../../../src/rules/no-pool-used-after-close.js';
import outlives from '../../../src/rules/no-iterator-outlives-pool.js';

// Type-aware mode: a pool's driver known only from the type the checker gives its binding (a helper of another
// module typed `Promise<PoolConnection>`), where neither the initialiser nor an annotation names it. Without
// types the same code says nothing of the driver: the second rule leaves an unknown driver's explicit close
// alone, and the first rule names the pool a `pool`.

const fixtures = path.join(import.meta.dirname, '../../fixtures/typed');
const typed = new RuleTester({
  languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: fixtures } },
});
const syntactic = new RuleTester();

const borrowed = `
import type { PoolConnection } from 'mysql2/promise';
declare function borrow(): Promise<PoolConnection>;
export async function load(sql: string) {
  const conn = await borrow();
  conn.release();
  return conn.query(sql);
}
`;

const scanned = `
import type { Redis } from 'ioredis';
declare function connect(): Redis;
export function keys() {
  const redis = connect();
  try {
    return redis.scanStream();
  } finally {
    redis.disconnect();
  }
}
`;

typed.run('no-pool-used-after-close (inferred driver)', usedAfterClose, {
  valid: [],
  invalid: [
    {
      name: "mysql2/promise's PoolConnection",
      code: borrowed,
      errors: [
        {
          messageId: 'usedAfterClose',
          data: { use: "'conn.query(…)'", pool: "connection 'conn'", disposal: 'line 6, conn.release()' },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 25,
        },
      ],
    },
  ],
});

syntactic.run('no-pool-used-after-close (no types)', usedAfterClose, {
  valid: [{ name: 'the driver unknown without types', code: borrowed }],
  invalid: [],
});

typed.run('no-iterator-outlives-pool (inferred driver)', outlives, {
  valid: [],
  invalid: [
    {
      name: "ioredis' Redis",
      code: scanned,
      errors: [
        {
          messageId: 'escapesScope',
          data: { iterator: "'redis.scanStream()'", pool: "client 'redis'", escape: 'returned', disposal: 'line 9, redis.disconnect() in finally' },
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 30,
          suggestions: [],
        },
      ],
    },
  ],
});

syntactic.run('no-iterator-outlives-pool (no types)', outlives, {
  valid: [],
  invalid: [
    {
      name: 'named a pool without types',
      code: scanned,
      errors: [
        {
          messageId: 'escapesScope',
          data: { iterator: "'redis.scanStream()'", pool: "pool 'redis'", escape: 'returned', disposal: 'line 9, redis.disconnect() in finally' },
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 30,
          suggestions: [],
        },
      ],
    },
  ],
});
