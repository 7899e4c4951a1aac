// MongoDB in a service class: the client lives on `this`, and the method
// closes it in `finally`.
// Bug: `toArray()` is returned without `await`, so the `finally` closes the
// client before the cursor is read. The driver answers "Client must be
// connected" or, from 6.13 on, an empty array: the data is silently lost.
import type { MongoClient } from 'mongodb';

export class OrderService {
  constructor(private readonly client: MongoClient) {}

  async openOrders(customerId: string) {
    try {
      await this.client.connect();
      return this.client.db('shop').collection('orders').find({ customerId, open: true }).toArray(); // reported: not awaited
    } finally {
      await this.client.close();
    }
  }
}
