// The editor: ESLint integrations (vscode-eslint and the like) call ESLint's
// Node API with the unsaved buffer on every keystroke, so the rule sees every
// half-typed state of a file. Here the buffer is each prefix of the real
// examples: for the worker-pool example, cut at every character (every line
// end, every point inside a line, every half-typed token on the way to the
// bug); for every other example, at each line end and in the middle of each
// line. No cut may make ESLint throw; a cut that does not parse gives a fatal
// parse message. On a full text the quick fix (the report's suggestion) is
// applied as an editor applies it, and the result no longer has the report;
// where the fix would not type-check (the worker-pool example's binding is
// annotated AsyncIterable), none is offered.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { repoRoot, RULE_ID } from './support.js';

const USE_RULE_ID = 'pool-lifetime/no-pool-used-after-close';

const workerPoolExample = path.join(repoRoot, 'examples/buggy/worker-pool-imap-unordered.ts');
const piscinaExample = path.join(repoRoot, 'examples/buggy/piscina-pmapiterable-returned.ts');
const otherExamples = ['buggy', 'correct']
  .flatMap((dir) =>
    readdirSync(path.join(repoRoot, 'examples', dir))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => path.join(repoRoot, 'examples', dir, name)),
  )
  .filter((file) => file !== workerPoolExample);

// What a user's eslint.config.js gives the editor: the TypeScript parser and the recommended config.
const eslint = new ESLint({
  cwd: repoRoot,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
    plugin.configs.recommended,
  ],
});

async function lint(text: string, filePath: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(text, { filePath });
  return result?.messages ?? [];
}

/** Whether the TypeScript parser accepts the text, as ESLint will call it. */
function parses(text: string, filePath: string): boolean {
  try {
    tsParser.parseForESLint(text, { ecmaVersion: 'latest', sourceType: 'module', filePath, range: true, loc: true });
    return true;
  } catch {
    return false;
  }
}

/** Every cut, 0 to the full length. */
const everyCharacter = (text: string): number[] => Array.from({ length: text.length + 1 }, (_, cut) => cut);

/** The end of each line and the middle of each line. */
function lineCuts(text: string): number[] {
  const cuts = new Set<number>([0, text.length]);
  let offset = 0;
  for (const line of text.split('\n')) {
    cuts.add(offset + Math.floor(line.length / 2));
    cuts.add(offset + line.length);
    offset += line.length + 1;
  }
  return [...cuts].filter((cut) => cut <= text.length).sort((a, b) => a - b);
}

/** Lints each prefix; returns how many did not parse. Throws, naming the cut, if ESLint throws. */
async function lintPrefixes(filePath: string, cuts: (text: string) => number[]): Promise<{ cuts: number; unparsable: number }> {
  const source = readFileSync(filePath, 'utf8');
  const points = cuts(source);
  let unparsable = 0;
  for (const cut of points) {
    const text = source.slice(0, cut);
    const where = `${path.relative(repoRoot, filePath)} cut at ${String(cut)}`;
    let messages: Linter.LintMessage[];
    try {
      messages = await lint(text, filePath);
    } catch (error) {
      throw new Error(`ESLint threw on ${where}:\n${text}\n`, { cause: error });
    }
    const fatal = messages.filter((m) => m.fatal === true);
    if (parses(text, filePath)) {
      expect(fatal, `a fatal message on parsable text, ${where}`).toEqual([]);
      // Only the plugin's rules report (the recommended config turns both on).
      expect(messages.filter((m) => m.ruleId !== RULE_ID && m.ruleId !== USE_RULE_ID), where).toEqual([]);
    } else {
      unparsable += 1;
      expect(messages, where).toHaveLength(1);
      expect(fatal[0]?.ruleId, where).toBeNull();
      expect(fatal[0]?.message, where).toMatch(/^Parsing error: /);
    }
  }
  return { cuts: points.length, unparsable };
}

describe('ESLint Node API on unsaved, half-typed text', () => {
  it('never throws on any prefix of the worker-pool example; a prefix that does not parse gives a fatal parse message', async () => {
    const { cuts, unparsable } = await lintPrefixes(workerPoolExample, everyCharacter);
    expect(cuts).toBeGreaterThan(1000);
    // The cuts exercise both kinds.
    expect(unparsable).toBeGreaterThan(100);
    expect(unparsable).toBeLessThan(cuts);
  });

  it('never throws on a line-end or mid-line prefix of every other example', async () => {
    expect(otherExamples.length).toBeGreaterThan(20);
    for (const file of otherExamples) {
      const { unparsable } = await lintPrefixes(file, lineCuts);
      expect(unparsable, file).toBeGreaterThan(0);
    }
  });

  it('offers the quick fix on the full text; applying it removes the report', async () => {
    const source = readFileSync(piscinaExample, 'utf8');
    const messages = await lint(source, piscinaExample);
    expect(messages.map((m) => m.messageId)).toEqual(['escapesScope']);
    const suggestion = messages[0]?.suggestions?.[0];
    expect(suggestion?.desc).toBe("Read 'pMapIterable(…)' into an array in the scope: 'await Array.fromAsync(…)'.");
    const fix = suggestion?.fix;
    expect(fix).toBeDefined();
    if (fix === undefined) return;
    const fixed = source.slice(0, fix.range[0]) + fix.text + source.slice(fix.range[1]);
    expect(fixed).toContain('return await Array.fromAsync(pMapIterable(files, ');
    expect(parses(fixed, piscinaExample)).toBe(true);
    expect(await lint(fixed, piscinaExample)).toEqual([]);
  });

  it('offers no quick fix where an array would not fit the binding (an AsyncIterable annotation)', async () => {
    const messages = await lint(readFileSync(workerPoolExample, 'utf8'), workerPoolExample);
    expect(messages.map((m) => m.messageId)).toEqual(['consumedAfterDisposal']);
    expect(messages[0]?.suggestions).toBeUndefined();
  });
});
