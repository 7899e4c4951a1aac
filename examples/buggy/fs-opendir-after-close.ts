// node:fs/promises `opendir`: the `Dir` is itself the lazy iterator, and it
// reads entries through a directory handle that `close()` releases.
// Bug: the `Dir` is iterated after the `try` statement whose `finally`
// closed it: the iteration throws ERR_DIR_CLOSED.
import { opendir } from 'node:fs/promises';

export async function listLogs(path: string): Promise<string[]> {
  const dir = await opendir(path);
  try {
    const first = await dir.read();
    if (first === null) return [];
    if (!first.name.endsWith('.log')) {
      console.warn(`unexpected entry ${first.name} in ${path}`);
    }
  } finally {
    await dir.close();
  }
  const names: string[] = [];
  for await (const entry of dir) { // reported: consumed after disposal
    if (entry.isFile() && entry.name.endsWith('.log')) names.push(entry.name);
  }
  return names;
}
