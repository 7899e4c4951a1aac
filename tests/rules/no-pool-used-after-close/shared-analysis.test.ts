// Both rules read one analysis of a file: the candidates, the code paths and the pools are recorded and
// found once, by the first rule to run; the second reads them. Their reports together are the reports of
// each alone. Rules whose options find other candidates (other dispose methods) record their own.
import tsParser from '@typescript-eslint/parser';
import { Linter, type Rule } from 'eslint';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CodePathTracker } from '../../../src/analysis/core/code-paths.js';
import iteratorRule from '../../../src/rules/no-iterator-outlives-pool.js';
import useRule from '../../../src/rules/no-pool-used-after-close.js';

const counts = vi.hoisted(() => ({ findPools: 0 }));

vi.mock('../../../src/analysis/pools/find-pools.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/analysis/pools/find-pools.js')>();
  return {
    ...original,
    findPools: (...args: Parameters<typeof original.findPools>) => {
      counts.findPools += 1;
      return original.findPools(...args);
    },
  };
});

const code = `
import { MongoClient } from 'mongodb';

export async function names(uri: string) {
  const client = new MongoClient(uri);
  const users = client.db('app').collection('users');
  const cursor = users.find({});
  await client.close();
  await users.insertOne({ name: 'late' });
  return cursor.toArray();
}
`;

type Rules = Partial<Record<'pool-lifetime/no-iterator-outlives-pool' | 'pool-lifetime/no-pool-used-after-close', Linter.RuleEntry>>;

function lint(rules: Rules): string[] {
  const plugin = {
    rules: {
      'no-iterator-outlives-pool': iteratorRule as unknown as Rule.RuleModule,
      'no-pool-used-after-close': useRule as unknown as Rule.RuleModule,
    },
  };
  const messages = new Linter().verify(
    code,
    [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { 'pool-lifetime': plugin }, rules }],
    'file.ts',
  );
  return messages.map((message) => `${String(message.line)}:${String(message.column)} ${message.ruleId ?? ''} ${message.messageId ?? ''}`);
}

describe('one analysis for both rules', () => {
  afterEach(() => {
    counts.findPools = 0;
    vi.restoreAllMocks();
  });

  it('finds the pools once with both rules on, and reports what each rule reports alone', () => {
    const first = lint({ 'pool-lifetime/no-iterator-outlives-pool': 'error' });
    const second = lint({ 'pool-lifetime/no-pool-used-after-close': 'error' });
    counts.findPools = 0;
    const both = lint({ 'pool-lifetime/no-iterator-outlives-pool': 'error', 'pool-lifetime/no-pool-used-after-close': 'error' });
    expect(counts.findPools).toBe(1);
    expect(first).toEqual(['10:10 pool-lifetime/no-iterator-outlives-pool consumedAfterDisposal']);
    expect(second).toEqual(['9:9 pool-lifetime/no-pool-used-after-close usedAfterClose']);
    expect(both).toEqual([...second, ...first]);
  });

  it('records the code paths once: both rules place as many nodes as one', () => {
    const record = vi.spyOn(CodePathTracker.prototype, 'record');
    lint({ 'pool-lifetime/no-pool-used-after-close': 'error' });
    const alone = record.mock.calls.length;
    record.mockClear();
    lint({ 'pool-lifetime/no-iterator-outlives-pool': 'error', 'pool-lifetime/no-pool-used-after-close': 'error' });
    expect(alone).toBeGreaterThan(0);
    expect(record.mock.calls.length).toBe(alone);
  });

  it('records twice when the rules are given other dispose methods, with the same reports', () => {
    const both = lint({
      'pool-lifetime/no-iterator-outlives-pool': 'error',
      'pool-lifetime/no-pool-used-after-close': ['error', { disposeMethods: ['stop'] }],
    });
    expect(counts.findPools).toBe(2);
    expect(both).toEqual([
      '9:9 pool-lifetime/no-pool-used-after-close usedAfterClose',
      '10:10 pool-lifetime/no-iterator-outlives-pool consumedAfterDisposal',
    ]);
  });
});
