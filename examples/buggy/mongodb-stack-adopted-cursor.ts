// MongoDB 6.13+ / 7: `client.close()` closes every cursor the client made.
// Bug: the client is adopted by an `AsyncDisposableStack` declared with
// `await using`, so it is closed when the stack's block ends. The cursor is
// returned from inside that block: by the time the caller iterates it, the
// client is gone, and the cursor silently yields no documents (NODE-6633),
// or only the first buffered batch. Data loss without an error.
import { MongoClient } from 'mongodb';

export async function openOrders(uri: string) {
  await using stack = new AsyncDisposableStack();
  const client = stack.use(new MongoClient(uri));
  await client.connect();
  const orders = client.db('shop').collection('orders');
  return orders.find({ status: 'open' }).sort({ createdAt: 1 }); // reported: escapes its scope
}
