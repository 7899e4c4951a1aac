// MongoDB 6.13+ / 7: `client.close()` closes every cursor the client made.
// Correct: the fixed twin. The cursor is read to an array while the stack
// still holds the client; the array outlives the stack's block safely. A
// caller that wants the documents one at a time gets an async generator that
// keeps the stack (and the client) alive while it is suspended.
import { MongoClient } from 'mongodb';

export async function openOrders(uri: string) {
  await using stack = new AsyncDisposableStack();
  const client = stack.use(new MongoClient(uri));
  await client.connect();
  const orders = client.db('shop').collection('orders');
  return await orders.find({ status: 'open' }).sort({ createdAt: 1 }).toArray();
}

export async function* eachOpenOrder(uri: string) {
  await using stack = new AsyncDisposableStack();
  const client = stack.use(new MongoClient(uri));
  await client.connect();
  yield* client.db('shop').collection('orders').find({ status: 'open' });
}
