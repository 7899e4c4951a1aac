// node-postgres + pg-copy-streams: `client.query(copyTo(sql))` returns the COPY
// stream it was given.
// Bug: the stream is returned from the `try` whose `finally` releases the
// client, so the rows are read through a client already back in the pool.
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';

export async function exportOrders(client: PoolClient) {
  try {
    return client.query(copyTo('COPY orders TO STDOUT WITH (FORMAT csv)')); // reported: escapes
  } finally {
    client.release();
  }
}
