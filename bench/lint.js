// The ESLint set-up the benchmark shares: one flat config per measurement,
// built around the plugin in dist/, and the sums of ESLint's own timings
// (`stats: true`) over a lint run.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RULE_ID = 'pool-lifetime/no-iterator-outlives-pool';
/** The second rule, measured with the first: both read one analysis of each file. */
export const USE_RULE_ID = 'pool-lifetime/no-pool-used-after-close';
/** The options of the rule in every measurement: corpus B has a `withPool` scoped factory. */
export const RULE_OPTIONS = { scopedFactories: ['withPool'] };

/** The built plugin; a clear message when the build is missing. */
export async function loadPlugin() {
  try {
    const module = await import(new URL('../dist/index.js', import.meta.url).href);
    return module.default;
  } catch (error) {
    throw new Error('cannot load dist/index.js: run `npm run build` first', { cause: error });
  }
}

/**
 * An ESLint instance that lints .ts and .js files with @typescript-eslint/parser,
 * with exactly `rules` on: no other config, no inline config comments.
 * `plugins` adds plugins next to the rule's own.
 */
export function makeEslint({ plugin, rules, stats = true, plugins = {} }) {
  return new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    allowInlineConfig: false,
    stats,
    overrideConfig: lintConfig({ plugin, rules, plugins }),
  });
}

/** The flat config of `makeEslint`, for ESLint's `Linter` as well (bench/pathological.js). */
export function lintConfig({ plugin, rules, plugins = {} }) {
  return [
    // Corpus A lives under node_modules/, which ESLint ignores by default.
    { ignores: ['!**/node_modules/'] },
    {
      files: ['**/*.ts', '**/*.js'],
      languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      plugins: { 'pool-lifetime': plugin, ...plugins },
      rules,
    },
    // The JavaScript of corpus A is CommonJS.
    { files: ['**/*.js'], languageOptions: { sourceType: 'commonjs' } },
  ];
}

/**
 * Totals over the results of one lint run, in milliseconds: parse, each rule
 * in `ruleIds`, and the whole lint (parse, rules and everything else ESLint
 * does per file), from `result.stats.times.passes`.
 */
export function sumTimes(results, ruleIds) {
  const sums = { parse: 0, total: 0, rules: Object.fromEntries(ruleIds.map((id) => [id, 0])), fatal: 0, messages: 0 };
  for (const result of results) {
    if (!result.stats) throw new Error(`${result.filePath} was not linted: ${result.messages[0]?.message ?? ''}`);
    if (result.messages.some((message) => message.fatal)) sums.fatal++;
    sums.messages += result.messages.length;
    for (const pass of result.stats.times.passes) {
      sums.parse += pass.parse?.total ?? 0;
      sums.total += pass.total ?? 0;
      for (const id of ruleIds) sums.rules[id] += pass.rules?.[id]?.total ?? 0;
    }
  }
  return sums;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
