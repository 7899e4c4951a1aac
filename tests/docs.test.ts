// The rule's docs page cannot lie: it has the expected sections, and every
// ```ts block in it is linted with the rule. A block whose first line is
// `// ❌` must be reported, a block starting with `// ✅` must be silent.
// Blocks under a heading marked "Coming with the full contract" wait for it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const page = readFileSync(path.join(root, 'docs/rules/no-iterator-outlives-pool.md'), 'utf8');

interface Block {
  heading: string;
  code: string;
  later: boolean;
}

/** The ```ts blocks of the page, each with the heading it sits under. */
function tsBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let heading = '';
  let later = false;
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm;
  let last = 0;
  for (const match of markdown.matchAll(fence)) {
    for (const line of markdown.slice(last, match.index).split('\n')) {
      if (line.startsWith('#')) {
        heading = line.replace(/^#+\s*/, '');
        later = false;
      }
      if (line.includes('Coming with the full contract')) later = true;
    }
    last = match.index + match[0].length;
    if (match[1] === 'ts') blocks.push({ heading, code: match[2] ?? '', later });
  }
  return blocks;
}

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
      plugins: { 'pool-lifetime': plugin as unknown as ESLint.Plugin },
      rules: { 'pool-lifetime/no-iterator-outlives-pool': 'error' },
    },
  ],
});

describe('docs/rules/no-iterator-outlives-pool.md', () => {
  it('has the required sections', () => {
    const headings = [...page.matchAll(/^#{1,3} (.+)$/gm)].map((m) => m[1]);
    expect(headings[0]).toContain('(`pool-lifetime/no-iterator-outlives-pool`)');
    for (const section of [
      'Rule details',
      '`consumedAfterDisposal`',
      '`escapesScope`',
      '`consumedLater`',
      '`notAwaited`',
      'What is not reported',
      'Messages',
      'Suggestions',
      'Options',
      'When not to use it',
      'Related rules',
    ]) {
      expect(headings).toContain(section);
    }
  });

  const blocks = tsBlocks(page);

  it('marks every ts block as incorrect or correct', () => {
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      expect(block.code.split('\n')[0]).toMatch(/^\/\/ [❌✅]$/u);
    }
  });

  for (const [index, block] of blocks.entries()) {
    const wrong = block.code.startsWith('// ❌');
    const title = `block ${String(index + 1)} under "${block.heading}" is ${wrong ? 'reported' : 'silent'}`;
    const test = block.later && wrong ? it.skip : it;
    test(title, async () => {
      const [result] = await eslint.lintText(block.code, { filePath: path.join(root, 'docs-example.ts') });
      const messages = (result?.messages ?? []).map((m) => `${String(m.line)}:${String(m.column)} ${m.message}`);
      if (wrong) expect(messages).not.toEqual([]);
      else expect(messages).toEqual([]);
    });
  }
});
