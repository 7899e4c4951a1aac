// MongoDB driver 6.13+ / 7: `find()` returns a cursor synchronously.
// Bug: the cursor is returned from a function whose `finally` closes the
// client. `client.close()` closes every cursor of the client, so the caller's
// `for await` silently yields no documents (or only the ones already
// buffered): data loss without an error. Driver 6.12 threw
// MongoNotConnectedError instead.
import { MongoClient, type Document, type FindCursor } from 'mongodb';

export async function activeUsers(uri: string): Promise<FindCursor<Document>> {
  const client = new MongoClient(uri);
  try {
    await client.connect();
    return client.db('app').collection('users').find({ active: true }); // reported: escapes
  } finally {
    await client.close();
  }
}

// The caller looks innocent: it gets an empty list and no error.
export async function activeEmails(uri: string): Promise<string[]> {
  const emails: string[] = [];
  for await (const user of await activeUsers(uri)) {
    emails.push(String(user.email));
  }
  return emails;
}
