import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';

// Third edition, rule 18: a guard in 'finally' that reads no binding written in the 'try' or its
// 'catch' ('if (queryRunner !== this.queryRunner) await queryRunner.release()', a runner made by
// this call) disposes the pool on the paths where it holds: a disposal point. A flag that the
// 'try' (or the 'catch') sets keeps the close error-path cleanup.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // A flag set in the try before the stream is handed out: the release is error-path cleanup.
    `
import type { Pool } from 'pg';
import QueryStream from 'pg-query-stream';

export async function rows(pool: Pool) {
  const client = await pool.connect();
  let handedOff = false;
  try {
    const stream = client.query(new QueryStream('SELECT * FROM t'));
    handedOff = true;
    return stream;
  } finally {
    if (!handedOff) client.release();
  }
}
`,
    // A flag set in the catch, the same.
    `
import type { Pool } from 'pg';
import QueryStream from 'pg-query-stream';

export async function rows(pool: Pool) {
  const client = await pool.connect();
  let failed = false;
  try {
    return client.query(new QueryStream('SELECT * FROM t'));
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    if (failed) client.release();
  }
}
`,
    // The owned runner's stream is read to its end before the guarded release.
    `
export class Repository {
  constructor(private readonly queryRunner?: Runner) {}

  async all(source: { createQueryRunner(): Runner }) {
    const queryRunner = this.queryRunner ?? source.createQueryRunner();
    try {
      const rows = [];
      for await (const row of queryRunner.stream('SELECT * FROM t')) rows.push(row);
      return rows;
    } finally {
      if (queryRunner !== this.queryRunner) await queryRunner.release();
    }
  }
}

interface Runner {
  stream(sql: string): AsyncIterable<unknown>;
  release(): Promise<void>;
}
`,
  ],
  invalid: [
    // TypeORM's shape: the runner made by this call is released, and its stream returned unread.
    {
      code: `
import type { Readable } from 'node:stream';

export class Repository {
  constructor(private readonly queryRunner?: Runner) {}

  async stream(source: { createQueryRunner(): Runner }) {
    const queryRunner = this.queryRunner ?? source.createQueryRunner();
    try {
      return queryRunner.stream('SELECT * FROM t');
    } finally {
      if (queryRunner !== this.queryRunner) await queryRunner.release();
    }
  }
}

interface Runner {
  stream(sql: string): Readable;
  release(): Promise<void>;
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'queryRunner.stream(…)'",
            pool: "pool 'queryRunner'",
            escape: 'returned',
            disposal: 'line 12, queryRunner.release() in finally',
          },
          line: 10,
          column: 14,
          endLine: 10,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'queryRunner.stream(…)'" },
              output: `
import type { Readable } from 'node:stream';

export class Repository {
  constructor(private readonly queryRunner?: Runner) {}

  async stream(source: { createQueryRunner(): Runner }) {
    const queryRunner = this.queryRunner ?? source.createQueryRunner();
    try {
      return await queryRunner.stream('SELECT * FROM t').toArray();
    } finally {
      if (queryRunner !== this.queryRunner) await queryRunner.release();
    }
  }
}

interface Runner {
  stream(sql: string): Readable;
  release(): Promise<void>;
}
`,
            },
          ],
        },
      ],
    },
  ],
});
