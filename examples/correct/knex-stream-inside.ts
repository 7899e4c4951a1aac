// knex 3: `.stream()` holds a pooled connection until it is fully read.
// Correct: the fixed twin. The pipeline is awaited inside the `try`, so the
// stream is fully consumed before `finally` awaits `db.destroy()`, which then
// resolves (knex#5242 was a destroy waiting on an unconsumed stream).
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import knex from 'knex';

export async function exportEvents(file: string, since: Date): Promise<void> {
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  try {
    const rows = db('events').where('created_at', '>', since).orderBy('id').stream();
    await pipeline(rows, stringify({ header: true }), createWriteStream(file));
  } finally {
    await db.destroy();
  }
}

export async function countEvents(since: Date): Promise<number> {
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  try {
    const [row] = await db('events').where('created_at', '>', since).count({ n: '*' });
    return Number(row?.n ?? 0);
  } finally {
    await db.destroy();
  }
}
