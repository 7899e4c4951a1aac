// MongoDB driver 7: `watch()` returns a change stream that reads through the
// client, like `find()`'s cursor.
// Bug: the change stream is stored on `this`, an object that outlives the
// `try` whose `finally` closes the client. `close()` closes every cursor and
// change stream of the client, so `next()` later waits on a dead stream and
// the feed silently delivers no changes.
import { MongoClient, type ChangeStream } from 'mongodb';

export class InventoryFeed {
  private changes: ChangeStream | undefined;

  async start(uri: string): Promise<void> {
    const client = new MongoClient(uri);
    try {
      await client.connect();
      const inventory = client.db('shop').collection('inventory');
      this.changes = inventory.watch([{ $match: { operationType: 'update' } }]); // reported: escapes
    } finally {
      await client.close();
    }
  }

  async nextChange(): Promise<unknown> {
    if (this.changes === undefined) throw new Error('call start() first');
    return await this.changes.next();
  }
}
