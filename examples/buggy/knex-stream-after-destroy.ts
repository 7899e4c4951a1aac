// knex 3: `.stream()` returns a Readable that holds a pooled connection until
// it is fully read.
// Bug: the stream is piped after the `try` statement, but `finally` first
// awaits `db.destroy()`, which never resolves while a stream is unconsumed
// (knex#5242): the export never finishes, and nothing reports an error.
import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import knex from 'knex';

export async function exportEvents(file: string, since: Date): Promise<void> {
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  let rows: Readable;
  try {
    rows = db('events').where('created_at', '>', since).orderBy('id').stream();
  } finally {
    await db.destroy();
  }
  await pipeline(rows, stringify({ header: true }), createWriteStream(file)); // reported: consumed after disposal
}
