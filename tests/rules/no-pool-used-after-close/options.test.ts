import { Linter, type Rule } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/no-pool-used-after-close.js';
import { createRuleTester } from '../rule-tester.js';

// Options: `disposeMethods` and `scopedFactories` make pools as for the first rule; `closes` declares a driver,
// so that its explicit closes count (kind 4) and say whether they wait; `ignoreMethods` names uses that are safe
// after close. Bad options are schema errors (the schema suite below).

const ruleTester = createRuleTester();

ruleTester.run('no-pool-used-after-close', rule, {
  valid: [
    // Silent twin: `disposeMethods`: a `stop()` in `finally` makes a pool; the use after the `try` is reported.
    { code: `
export async function run(engine: { start(): Promise<void>; run(job: string): Promise<void>; stop(): void }) {
  try {
    await engine.start();
    await engine.run('in time');
  } finally {
    engine.stop();
  }
}
`, options: [{"disposeMethods":["stop"]}] },
    // Silent twin: `closes`: a declared module makes its explicit closes count; without it, nothing is known of `shutdown()`.
    { code: `
import { connect } from 'my-other-db';

export async function once(url: string) {
  const db = connect(url);
  await db.shutdown();
  return db.query('SELECT 1');
}
`, options: [{"closes":[{"module":"my-db","methods":["shutdown"],"behaviour":"abrupt"}]}] },
    // The same with a graceful close: silent.
    { code: `
import { connect } from 'my-db';

export function fire(url: string, log: (x: unknown) => void) {
  const db = connect(url);
  db.query('UPDATE t SET n = 1').then(log);
  db.end();
}
`, options: [{"closes":[{"module":"my-db","methods":["end"],"behaviour":"graceful"}]}] },
    // Silent twin: `scopedFactories`: the callback parameter is a pool; an outer alias used after the call is reported.
    { code: `
declare const pools: { use<T>(fn: (client: { query(sql: string): Promise<T> }) => Promise<T>): Promise<T> };

export async function leak() {
  return pools.use(async (client) => {
    await client.query('SELECT 1');
    return client.query('SELECT 2');
  });
}
`, options: [{"scopedFactories":[{"object":"pools","method":"use"}]}] },
  ],
  invalid: [
    // `disposeMethods`: a `stop()` in `finally` makes a pool; the use after the `try` is reported.
    {
      code: `
export async function run(engine: { start(): Promise<void>; run(job: string): Promise<void>; stop(): void }) {
  try {
    await engine.start();
  } finally {
    engine.stop();
  }
  await engine.run('late');
}
`, options: [{"disposeMethods":["stop"]}],
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'engine.run(…)'",
            pool: "pool 'engine'",
            disposal: "line 6, engine.stop() in finally"
          },
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 27
        }
      ],
    },
    // `closes`: a declared module makes its explicit closes count; without it, nothing is known of `shutdown()`.
    {
      code: `
import { connect } from 'my-db';

export async function once(url: string) {
  const db = connect(url);
  await db.shutdown();
  return db.query('SELECT 1');
}
`, options: [{"closes":[{"module":"my-db","methods":["shutdown"],"behaviour":"abrupt"}]}],
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'db.query(…)'",
            pool: "pool 'db'",
            disposal: "line 6, db.shutdown()"
          },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 30
        }
      ],
    },
    // `closes`: an abrupt close does not wait for the operations given before it.
    {
      code: `
import { connect } from 'my-db';

export function fire(url: string, log: (x: unknown) => void) {
  const db = connect(url);
  db.query('UPDATE t SET n = 1').then(log);
  db.end();
}
`, options: [{"closes":[{"module":"my-db","methods":["end"],"behaviour":"abrupt"}]}],
      errors: [
        {
          messageId: "notAwaited",
          data: {
            use: "'db.query(…)'",
            pool: "pool 'db'",
            disposal: "line 7, db.end()",
            behaviour: "my-db's end() does not wait for it"
          },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 33
        }
      ],
    },
    // `scopedFactories`: the callback parameter is a pool; an outer alias used after the call is reported.
    {
      code: `
declare const pools: { use<T>(fn: (client: { query(sql: string): Promise<T> }) => Promise<T>): Promise<T> };

export async function leak() {
  let kept: { query(sql: string): Promise<unknown> } | undefined;
  await pools.use(async (client) => {
    kept = client;
    return client.query('SELECT 1');
  });
  return kept?.query('SELECT 2');
}
`, options: [{"scopedFactories":[{"object":"pools","method":"use"}]}],
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'kept?.query(…)'",
            pool: "pool 'client'",
            disposal: "line 9, when the 'pools.use' callback settles"
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 33
        }
      ],
    },
  ],
});

describe('no-pool-used-after-close options schema', () => {
  function verifyWith(options: unknown): void {
    new Linter().verify('export const x = 1;\n', [
      {
        plugins: { 'pool-lifetime': { rules: { 'no-pool-used-after-close': rule as unknown as Rule.RuleModule } } },
        rules: { 'pool-lifetime/no-pool-used-after-close': ['error', options] },
      },
    ]);
  }

  it('accepts every documented option', () => {
    expect(() => {
      verifyWith({
        disposeMethods: ['stop', '[Symbol.asyncDispose]'],
        scopedFactories: ['withPool', { object: 'genericPool', method: 'use' }],
        closes: [{ module: 'my-db', methods: ['shutdown'], behaviour: 'graceful' }],
        ignoreMethods: ['stats', 'exec'],
      });
    }).not.toThrow();
  });

  it.each([
    ['ignoreMethods is a string', { ignoreMethods: 'exec' }],
    ['ignoreMethods holds duplicates', { ignoreMethods: ['exec', 'exec'] }],
    ['ignoreMethods holds an empty name', { ignoreMethods: [''] }],
    ['disposeMethods spells a symbol without brackets', { disposeMethods: ['Symbol.asyncDispose'] }],
    ['scopedFactories holds a number', { scopedFactories: [42] }],
    ['closes names an unknown behaviour', { closes: [{ module: 'my-db', methods: ['end'], behaviour: 'gentle' }] }],
    ["an option of the first rule only", { lazyMethods: ['tail'] }],
    ['an unknown option', { ignoreMethod: ['exec'] }],
  ])('rejects bad options: %s', (_name, options) => {
    expect(() => {
      verifyWith(options);
    }).toThrow(/Key "pool-lifetime\/no-pool-used-after-close":[\s\S]*\bshould\b/);
  });
});
