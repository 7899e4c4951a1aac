// MongoDB driver 6.13+ / 7: `find()` returns a cursor synchronously.
// Correct: the fixed twin of returning a cursor past `client.close()`. The
// cursor is drained with `await … toArray()` inside the `try`, so the array
// is complete before `finally` closes the client (no silently empty result).
// `return await` matters: a bare `return cursor.toArray()` would let
// `finally` close the client before the array is filled.
import { MongoClient, type Document } from 'mongodb';

export async function activeUsers(uri: string): Promise<Document[]> {
  const client = new MongoClient(uri);
  try {
    await client.connect();
    return await client.db('app').collection('users').find({ active: true }).toArray();
  } finally {
    await client.close();
  }
}

export async function newestOrders(uri: string): Promise<Document[]> {
  await using client = await new MongoClient(uri).connect();
  const orders = client.db('shop').collection('orders');
  const newest: Document[] = [];
  for await (const order of orders.find({}, { sort: { createdAt: -1 }, limit: 20 })) {
    newest.push(order);
  }
  return newest;
}
