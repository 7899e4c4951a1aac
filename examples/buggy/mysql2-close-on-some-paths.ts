// mysql2 3.18+: `query(sql).stream()` is a paused Readable on the connection.
// Bug: on a dry run the connection is ended early, but the function goes on
// and pipes the stream anyway. mysql2's `end()` is graceful, so the dry run
// exports every row all the same, and the second `end()` then throws "Can't
// add new command when connection is in closed state". ESLint's code paths show
// the close on some paths only, so the report is hedged.
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import mysql from 'mysql2';

export async function exportUsers(file: string, dryRun: boolean): Promise<void> {
  const conn = mysql.createConnection(process.env.MYSQL_URL ?? 'mysql://localhost/app');
  const rows = conn.query('SELECT id, email FROM users').stream();
  if (dryRun) {
    console.log('dry run: not exporting');
    conn.end();
  }
  await pipeline(rows, ndjson, createWriteStream(file)); // reported: may be consumed after disposal
  conn.end();
}

/** One line of JSON per row, for the file. */
async function* ndjson(rows: AsyncIterable<unknown>): AsyncGenerator<string> {
  for await (const row of rows) yield `${JSON.stringify(row)}\n`;
}
