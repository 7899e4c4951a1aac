// MongoDB driver 7 and FileHandle: materialize the lazy result in scope.
// Correct: `await Array.fromAsync(…)` drains the cursor or the lines while
// the client or the file handle is alive; the resulting array may go
// anywhere. (`Array.fromAsync` needs Node 22+, or a polyfill on Node 20.)
import { open } from 'node:fs/promises';
import { MongoClient } from 'mongodb';

export async function productNames(uri: string): Promise<string[]> {
  await using client = await new MongoClient(uri).connect();
  const products = client.db('shop').collection<{ name: string }>('products');
  const docs = await Array.fromAsync(products.find({}, { projection: { name: 1 } }));
  return docs.map((d) => d.name);
}

export async function headerAndRows(path: string): Promise<{ header: string; rows: string[] }> {
  await using fh = await open(path);
  const [header = '', ...rows] = await Array.fromAsync(fh.readLines());
  return { header, rows };
}
