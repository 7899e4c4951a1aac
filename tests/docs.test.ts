// A rule's docs page cannot lie: it has the expected sections, and every
// ```ts block in it is linted with that rule. A block whose first line is
// `// ❌` must be reported, a block starting with `// ✅` must be silent.
// Marker comments on the lines right after that one:
// - `// options: { … }` (JSON): the rule's options for that block;
// - `// type-aware`: the block is linted with type information, as the typed
//   fixtures' file.ts (its imports resolve against tests/fixtures/typed).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const typedFixtures = path.join(root, 'tests/fixtures/typed');

interface Block {
  heading: string;
  code: string;
  /** From a `// options: { … }` marker: the rule's options. */
  options: Record<string, unknown> | undefined;
  /** From a `// type-aware` marker: lint with type information. */
  typeAware: boolean;
}

/** The marker comments after the ❌/✅ line. */
function markers(code: string): Pick<Block, 'options' | 'typeAware'> {
  let options: Record<string, unknown> | undefined;
  let typeAware = false;
  for (const line of code.split('\n').slice(1)) {
    const option = /^\/\/ options: (\{.*\})$/.exec(line);
    if (option?.[1] !== undefined) options = JSON.parse(option[1]) as Record<string, unknown>;
    else if (line === '// type-aware') typeAware = true;
    else break;
  }
  return { options, typeAware };
}

/** The ```ts blocks of the page, each with the heading it sits under. */
function tsBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let heading = '';
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm;
  let last = 0;
  for (const match of markdown.matchAll(fence)) {
    for (const line of markdown.slice(last, match.index).split('\n')) {
      if (line.startsWith('#')) heading = line.replace(/^#+\s*/, '');
    }
    last = match.index + match[0].length;
    const code = match[2] ?? '';
    if (match[1] === 'ts') blocks.push({ heading, code, ...markers(code) });
  }
  return blocks;
}

function linterFor(rule: string, block: Block): ESLint {
  // Every typed block is linted as the same fixture file with other text: in CI, typescript-eslint would
  // otherwise infer a single run and keep the first program it built.
  const parserOptions = block.typeAware
    ? { project: './tsconfig.json', tsconfigRootDir: typedFixtures, disallowAutomaticSingleRunInference: true }
    : {};
  return new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module', parserOptions },
        plugins: { 'pool-lifetime': plugin },
        rules: { [`pool-lifetime/${rule}`]: block.options ? ['error', block.options] : 'error' },
      },
    ],
  });
}

/** A rule's page: its title, the sections it must have, and its blocks linted with the rule. */
function describePage(rule: string, sections: readonly string[]): void {
  const page = readFileSync(path.join(root, `docs/rules/${rule}.md`), 'utf8');
  describe(`docs/rules/${rule}.md`, () => {
    it('has the required sections', () => {
      const headings = [...page.matchAll(/^#{1,3} (.+)$/gm)].map((m) => m[1]);
      expect(headings[0]).toContain(`(\`pool-lifetime/${rule}\`)`);
      for (const section of sections) expect(headings).toContain(section);
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
      it(title, async () => {
        const filePath = block.typeAware ? path.join(typedFixtures, 'file.ts') : path.join(root, 'docs-example.ts');
        const [result] = await linterFor(rule, block).lintText(block.code, { filePath });
        const messages = (result?.messages ?? []).map((m) => `${String(m.line)}:${String(m.column)} ${m.message}`);
        if (wrong) expect(messages).not.toEqual([]);
        else expect(messages).toEqual([]);
      });
    }
  });
}

describePage('no-iterator-outlives-pool', [
  'Rule details',
  '`consumedAfterDisposal`',
  '`mayBeConsumedAfterDisposal`',
  '`escapesScope`',
  '`consumedLater`',
  '`notAwaited`',
  'What is not reported',
  'Messages',
  'Suggestions',
  'Type-aware mode',
  'Options',
  'When not to use it',
  'Related rules',
]);

describePage('no-pool-used-after-close', [
  'Rule details',
  '`usedAfterClose`',
  '`mayBeUsedAfterClose`',
  '`usedLater`',
  '`notAwaited`',
  'What is a use',
  'What is not reported',
  'Messages',
  'Type-aware mode',
  'Options',
  'When not to use it',
  'Related rules',
]);

interface Manifest {
  homepage: string;
  repository: { type: string; url: string };
  bugs: { url: string };
}

describe('where the docs live', () => {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
  // The repository's web address, from the `repository` field npm shows.
  const repository = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

  it('names one repository in package.json: repository, homepage and bugs', () => {
    expect(manifest.repository.type).toBe('git');
    expect(repository).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
    expect(manifest.homepage).toBe(`${repository}#readme`);
    expect(manifest.bugs.url).toBe(`${repository}/issues`);
  });

  it("links each rule to its page in that repository, a page the package ships", () => {
    for (const [name, rule] of Object.entries(plugin.rules)) {
      expect(rule.meta.docs.url).toBe(`${repository}/blob/main/docs/rules/${name}.md`);
      expect(existsSync(path.join(root, 'docs/rules', `${name}.md`))).toBe(true);
    }
  });
});
