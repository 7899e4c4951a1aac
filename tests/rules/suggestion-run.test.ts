import { describe, expect, it } from 'vitest';
import { runFix } from './suggestion-run.js';

// The harness that runs every suggestion output of the suites (see
// rule-tester.ts) must tell a fix that runs from one that does not.

const code = `
export async function squares(xs: number[]) {
  let results;
  {
    await using pool = new WorkerPool(4);
    results = pool.imap(square, xs);
  }
  return results;
}
`;
const fromAsync = code.replace('pool.imap(square, xs)', 'await Array.fromAsync(pool.imap(square, xs))');

describe('runFix', () => {
  it("fails a fix with Array.fromAsync on this Node (20): it has none", async () => {
    const run = await runFix(code, fromAsync, { jsx: false, withFromAsync: false });
    expect(run.call).toBe('Array.fromAsync(pool.imap(square, xs))');
    expect(run.gaveArray).toBe(false);
    expect(run.errors.join('\n')).toMatch(/TypeError: Array\.fromAsync is not a function/);
  });

  it('passes it where the project says Node 22, whose Array.fromAsync reads the fake pool to its end', async () => {
    const run = await runFix(code, fromAsync, { jsx: false, withFromAsync: true });
    expect(run).toMatchObject({ gaveArray: true, length: 2 });
  });

  it("passes Array.from over a sync iterable, and a driver's toArray()", async () => {
    const sync = await runFix(code, code.replace('pool.imap(square, xs)', 'Array.from(pool.imap(square, xs))'), { jsx: false, withFromAsync: false });
    expect(sync).toMatchObject({ call: 'Array.from(pool.imap(square, xs))', gaveArray: true, length: 2 });
    const eager = await runFix(code, code.replace('pool.imap(square, xs)', 'await pool.imap(square, xs).toArray()'), { jsx: false, withFromAsync: false });
    expect(eager).toMatchObject({ call: 'pool.imap(square, xs).toArray()', gaveArray: true, length: 2 });
  });

  it('fails a fix the code never reaches', async () => {
    const unreached = code
      .replace('let results;', "let results;\n  throw new Error('stop');")
      .replace('pool.imap(square, xs)', 'Array.from(pool.imap(square, xs))');
    const run = await runFix(code.replace('let results;', "let results;\n  throw new Error('stop');"), unreached, { jsx: false, withFromAsync: false });
    expect(run.gaveArray).toBe(false);
    expect(run.errors.join('\n')).toMatch(/stop/);
  });

  it('fails an output that does not parse on this Node', async () => {
    const broken = code.replace('pool.imap(square, xs)', 'Array.from(pool.imap(square, xs)) +* 1');
    const run = await runFix(code, broken, { jsx: false, withFromAsync: false });
    expect(run.gaveArray).toBe(false);
  });

  it('reaches a fix in a switch case on an argument, with using in the clause', async () => {
    const switched = `
export function rows(table: 'users' | 'orders', file: string) {
  switch (table) {
    case 'users':
      using db = new Database(file);
      return db.prepare('SELECT 1').iterate();
    default:
      return [];
  }
}
`;
    const run = await runFix(switched, switched.replace("db.prepare('SELECT 1').iterate()", "Array.from(db.prepare('SELECT 1').iterate())"), {
      jsx: false,
      withFromAsync: false,
    });
    expect(run).toMatchObject({ gaveArray: true, length: 2 });
  });
});
