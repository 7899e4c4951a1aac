// MongoDB: the driver's cursors are not thenable, so `await coll.find(q)` gives
// the cursor back, not the documents.
// Bug: the cursor is returned after the `finally` closed the client; the caller
// iterates a cursor whose client is gone.
import { MongoClient } from 'mongodb';

export async function search(uri: string, filter: object) {
  const client = new MongoClient(uri);
  let result;
  try {
    result = await client.db('shop').collection('orders').find(filter);
  } finally {
    await client.close();
  }
  return result; // reported: escapes
}
