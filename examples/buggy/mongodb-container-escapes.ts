// MongoDB driver 7 (`MongoClient` is async-disposable): a result object that
// holds a cursor is still lazy, whatever else it holds.
// Bug: the page object carries `find()`'s cursor out of the `await using`
// scope. `close()` closes every cursor of the client, so the caller's
// iteration silently yields no documents: data loss without an error.
import { MongoClient } from 'mongodb';

export async function ordersPage(uri: string, customerId: string) {
  await using client = await new MongoClient(uri).connect();
  const orders = client.db('shop').collection('orders');
  const total = await orders.countDocuments({ customerId });
  const page = { total, items: orders.find({ customerId }, { limit: 50 }) };
  return page; // reported: escapes
}

export async function printOrders(uri: string, customerId: string): Promise<void> {
  const { total, items } = await ordersPage(uri, customerId);
  console.log(`${String(total)} orders`);
  for await (const order of items) console.log(order._id);
}
