// node:fs/promises `opendir`: the `Dir` is the lazy iterator.
// Correct: the fixed twin. Entries are read with `dir.read()` inside the
// `try`, before `finally` closes the directory. (A `for await` over the Dir
// closes it by itself, and a second `close()` would throw ERR_DIR_CLOSED:
// so either iterate without `close()`, as in `countEntries`, or read in a loop.)
import { opendir } from 'node:fs/promises';

export async function listLogs(path: string): Promise<string[]> {
  const names: string[] = [];
  const dir = await opendir(path);
  try {
    for (let entry = await dir.read(); entry !== null; entry = await dir.read()) {
      if (entry.isFile() && entry.name.endsWith('.log')) names.push(entry.name);
    }
  } finally {
    await dir.close();
  }
  return names;
}

export async function countEntries(path: string): Promise<number> {
  let n = 0;
  for await (const entry of await opendir(path)) {
    if (!entry.name.startsWith('.')) n += 1;
  }
  return n;
}
