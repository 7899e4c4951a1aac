// mysql2 3.18+: `query(sql).stream()` is a paused Readable on the connection.
// Bug: on a dry run the connection is ended early, but the function goes on
// and pipes the stream anyway. With many rows `end()` queues the quit behind
// the paused stream and never resolves, and the export hangs
// (node-mysql2#3596). ESLint's code paths show the close on some paths only,
// so the report is hedged: the stream may be consumed after disposal.
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
  await pipeline(rows, createWriteStream(file)); // reported: may be consumed after disposal
  conn.end();
}
