// Mongoose: a connection closed and opened again with `openUri` starts a new
// life; the cursor made after the reopening belongs to it, and is drained.
import mongoose from 'mongoose';

export async function reindexUsers(uri: string) {
  const conn = mongoose.createConnection(uri);
  await conn.asPromise();
  await conn.close();
  await conn.openUri(uri);
  return await conn.collection('users').listIndexes().toArray();
}
