// mysql2 3.18+: `query(sql).stream()` is a paused Readable on the connection.
// Bug: on a dry run the function awaits `end()` without reading the stream.
// `end()` is graceful: it queues the quit behind the query, and the query
// waits for its stream to be read. With many rows nobody reads it, so
// `await conn.promise().end()` never resolves and the dry run hangs (node-mysql2#3596).
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import mysql from 'mysql2';

export async function exportOrders(file: string, dryRun: boolean): Promise<void> {
  const conn = mysql.createConnection(process.env.MYSQL_URL ?? 'mysql://localhost/app');
  const rows = conn.query('SELECT id, total FROM orders').stream(); // reported: blocks the close
  if (dryRun) {
    console.log('dry run: not exporting');
    await conn.promise().end();
    return;
  }
  await pipeline(rows, ndjson, createWriteStream(file));
  await conn.promise().end();
}

/** One line of JSON per row, for the file. */
async function* ndjson(rows: AsyncIterable<unknown>): AsyncGenerator<string> {
  for await (const row of rows) yield `${JSON.stringify(row)}\n`;
}
