// MongoDB in a service class: the client lives on `this`, the method closes it
// in `finally`, and the cursor is drained (and awaited) before that.
import type { MongoClient } from 'mongodb';

export class OrderService {
  constructor(private readonly client: MongoClient) {}

  async openOrders(customerId: string) {
    try {
      await this.client.connect();
      return await this.client.db('shop').collection('orders').find({ customerId, open: true }).toArray();
    } finally {
      await this.client.close();
    }
  }
}
