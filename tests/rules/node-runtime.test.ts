import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lowestNodeMajor, runsOnNodeWithFromAsync } from '../../src/analysis/core/node-runtime.js';
import type { MessageId, Options } from '../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../src/rules/no-iterator-outlives-pool.js';
import { NamedRuleTester, node22Project } from './rule-tester.js';
import { withSuggestionEdits } from './suggestion-edits.js';

// `await Array.fromAsync(…)` is offered only where the program runs on Node 22
// or later by its package.json: Node 20 has no `Array.fromAsync`. Where the
// project may run on Node 20 the value's own eager method (`toArray()`) and
// `Array.from(…)` over a sync iterable are still offered; an async iterable
// without an eager method gets nothing.

const fixtures = path.join(import.meta.dirname, '../fixtures');
const node20Project = path.join(fixtures, 'node-20');
const typesNode22Project = path.join(fixtures, 'types-node-22');

describe('lowestNodeMajor', () => {
  it.each([
    ['^20.19.0 || ^22.13.0 || >=24', 20],
    ['>=22', 22],
    ['>=22.0.0 <23', 22],
    ['22.x', 22],
    ['~22.1', 22],
    ['v24.1.0', 24],
    ['>18', 18],
    ['18 - 22', 18],
    ['^22.13.0 || >=24', 22],
    ['<23', 0],
    ['*', 0],
  ])('%s admits Node %i and up', (range, major) => {
    expect(lowestNodeMajor(range)).toBe(major);
  });
});

describe('runsOnNodeWithFromAsync', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'pool-lifetime-node-'));
  const project = (name: string, manifest: unknown): string => {
    const dir = path.join(root, name);
    mkdirSync(path.join(dir, 'src'), { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
    return path.join(dir, 'src', 'a.ts');
  };

  it('reads engines.node first', () => {
    expect(runsOnNodeWithFromAsync(project('engines-22', { engines: { node: '>=22' } }), '/')).toBe(true);
    expect(
      runsOnNodeWithFromAsync(project('engines-20', { engines: { node: '>=20' }, devDependencies: { '@types/node': '^22.0.0' } }), '/'),
    ).toBe(false);
  });

  it('reads the @types/node major when there is no engines field', () => {
    expect(runsOnNodeWithFromAsync(project('types-22', { devDependencies: { '@types/node': '^22.10.0' } }), '/')).toBe(true);
    expect(runsOnNodeWithFromAsync(project('types-20', { dependencies: { '@types/node': '~20.19.0' } }), '/')).toBe(false);
    expect(runsOnNodeWithFromAsync(project('types-star', { devDependencies: { '@types/node': '*' } }), '/')).toBe(false);
  });

  it('says no for a project that says nothing, and for text with no file', () => {
    expect(runsOnNodeWithFromAsync(project('silent', { name: 'silent' }), '/')).toBe(false);
    expect(runsOnNodeWithFromAsync('<input>', root)).toBe(false);
  });

  it("takes a workspace package without a claim to its root's", () => {
    const rootManifest = path.join(root, 'mono');
    mkdirSync(path.join(rootManifest, 'packages/app/src'), { recursive: true });
    writeFileSync(path.join(rootManifest, 'package.json'), JSON.stringify({ engines: { node: '>=22.13' } }));
    writeFileSync(path.join(rootManifest, 'packages/app/package.json'), JSON.stringify({ name: 'app' }));
    expect(runsOnNodeWithFromAsync('packages/app/src/a.ts', rootManifest)).toBe(true);
  });
});

const imapCode = `
export async function squares(xs: number[]) {
  let results;
  {
    await using pool = new WorkerPool(4);
    results = pool.imap(square, xs);
  }
  for await (const r of results) log(r);
}
`;

const iterateCode = `
export function rows(file: string) {
  using db = new Database(file);
  return db.prepare('SELECT * FROM t').iterate();
}
`;

const cursorCode = `
import { MongoClient } from 'mongodb';

export async function active(uri: string) {
  await using client = new MongoClient(uri);
  return client.db('app').collection('users').find({ active: true });
}
`;

const imapErrors = (suggest: boolean) => [
  {
    messageId: 'consumedAfterDisposal' as const,
    line: 8,
    column: 25,
    suggestions: suggest ? [{ messageId: 'materializeAsync' as const, materialize: 'pool.imap(square, xs)' }] : [],
  },
];
const iterateErrors = [
  { messageId: 'escapesScope' as const, line: 4, column: 10, suggestions: [{ messageId: 'materializeSync' as const, materialize: "db.prepare('SELECT * FROM t').iterate()" }] },
];
const cursorErrors = [
  {
    messageId: 'escapesScope' as const,
    line: 6,
    column: 10,
    suggestions: [{ messageId: 'materializeWithToArray' as const, materialize: "client.db('app').collection('users').find({ active: true })" }],
  },
];

new NamedRuleTester().run('no-iterator-outlives-pool (Node version of the project)', rule, {
  valid: [],
  invalid: withSuggestionEdits<MessageId, Options>([
    // Node 22 by engines: Array.fromAsync is offered.
    { name: 'engines >=22: Array.fromAsync', filename: path.join(node22Project, 'a.ts'), code: imapCode, errors: imapErrors(true) },
    // Node 20 admitted by engines (its @types/node 22 does not overrule it): nothing for an async iterable...
    { name: 'engines admits 20: no Array.fromAsync', filename: path.join(node20Project, 'a.ts'), code: imapCode, errors: imapErrors(false) },
    // ...but Array.from over a sync iterable...
    { name: 'engines admits 20: Array.from', filename: path.join(node20Project, 'b.ts'), code: iterateCode, errors: iterateErrors },
    // ...and the driver's own eager method still are.
    { name: 'engines admits 20: toArray()', filename: path.join(node20Project, 'c.ts'), code: cursorCode, errors: cursorErrors },
    // No engines field, @types/node 22: Array.fromAsync is offered.
    { name: '@types/node 22: Array.fromAsync', filename: path.join(typesNode22Project, 'a.ts'), code: imapCode, errors: imapErrors(true) },
  ]),
});
