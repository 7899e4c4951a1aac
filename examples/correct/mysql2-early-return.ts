// mysql2 3.18+: `query(sql).stream()` is a paused Readable on the connection.
// Correct: the fixed twin. The dry run ends the connection and returns, so no
// path reaches the pipeline with the connection ended; the stream is made only
// where it is read, and the connection ends after the pipeline.
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import mysql from 'mysql2';

export async function exportUsers(file: string, dryRun: boolean): Promise<void> {
  const conn = mysql.createConnection(process.env.MYSQL_URL ?? 'mysql://localhost/app');
  if (dryRun) {
    console.log('dry run: not exporting');
    conn.end();
    return;
  }
  await pipeline(conn.query('SELECT id, email FROM users').stream(), ndjson, createWriteStream(file));
  conn.end();
}

/** One line of JSON per row, for the file. */
async function* ndjson(rows: AsyncIterable<unknown>): AsyncGenerator<string> {
  for await (const row of rows) yield `${JSON.stringify(row)}\n`;
}
