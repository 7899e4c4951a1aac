// Robustness: the rule must never throw, on any code. This module lints one
// file (third-party code under node_modules) with the rule alone, trying
// parsers in turn until one parses it: espree (ESLint's default) for
// JavaScript, @typescript-eslint/parser for TypeScript, each falling back to
// the other (and espree from `module` to `commonjs`).
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';

export const RULE_ID = 'pool-lifetime/no-iterator-outlives-pool';
export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts'];

/** Every .js/.mjs/.cjs/.ts file under `root` (symbolic links are not followed), sorted. */
export function listSourceFiles(root) {
  const files = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && SOURCE_EXTENSIONS.includes(path.extname(entry.name))) files.push(full);
    }
  };
  if (lstatSync(root).isDirectory()) walk(root);
  return files.sort();
}

const PARSERS = {
  'espree-module': { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
  'espree-commonjs': { ecmaVersion: 'latest', sourceType: 'commonjs', parserOptions: { ecmaFeatures: { jsx: true } } },
  typescript: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: false } } },
  'typescript-jsx': { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
};

/** Parsers to try, in order, for a file name. */
export function parsersFor(fileName) {
  if (fileName.endsWith('.ts')) return ['typescript', 'espree-module', 'espree-commonjs'];
  return ['espree-module', 'espree-commonjs', 'typescript-jsx', 'typescript'];
}

/**
 * A linter for third-party files: the rule alone, inline configuration off
 * (third-party `eslint-disable` comments name rules this config lacks).
 * Returns `lintFile(fileName, text)` →
 * `{ parser, reports, exception, unparseable }`: `parser` is the one that
 * parsed it, `exception` the rule's crash if any, `unparseable` the first parser's
 * error when no parser could parse the file.
 */
export function createFileLinter(plugin, ruleOptions = {}) {
  const linter = new Linter({ configType: 'flat' });
  const configFor = (parserName, withRule) => [
    {
      files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.ts'],
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      languageOptions: PARSERS[parserName],
      plugins: { 'pool-lifetime': plugin },
      rules: withRule ? { [RULE_ID]: ['error', ruleOptions] } : {},
    },
  ];
  return (fileName, text) => {
    // A virtual path keeps the extension: ESLint ignores anything under node_modules/.
    const filename = `robustness/${path.basename(fileName)}`;
    let firstParseError;
    for (const parserName of parsersFor(fileName)) {
      let messages;
      try {
        messages = linter.verify(text, configFor(parserName, true), { filename });
      } catch (error) {
        // Is it the rule? Without it, does the same parse and traversal pass?
        let withoutRule;
        try {
          withoutRule = linter.verify(text, configFor(parserName, false), { filename });
        } catch (other) {
          firstParseError ??= `${parserName}: ${firstLine(other)}`;
          continue;
        }
        if (withoutRule.some((message) => message.fatal === true)) {
          firstParseError ??= `${parserName}: ${withoutRule[0]?.message ?? ''}`;
          continue;
        }
        return { parser: parserName, reports: [], exception: describeCrash(error) };
      }
      const fatal = messages.find((message) => message.fatal === true);
      if (fatal) {
        firstParseError ??= `${parserName}: ${fatal.message} (line ${String(fatal.line)})`;
        continue;
      }
      const reports = messages
        .filter((message) => message.ruleId === RULE_ID)
        .map((message) => ({ line: message.line, column: message.column, messageId: message.messageId, message: message.message }));
      return { parser: parserName, reports };
    }
    return { parser: undefined, reports: [], unparseable: firstParseError ?? 'no parser' };
  };
}

function firstLine(error) {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}

/** The crash, with the first stack frames inside the rule. */
function describeCrash(error) {
  if (!(error instanceof Error)) return String(error);
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /\/(src|dist)\/(analysis|rules|util)\//.test(line))
    .slice(0, 4)
    .map((line) => line.trim());
  return [firstLine(error), ...frames].join('\n    ');
}

/** A 32-bit FNV-1a hash: a stable, content-independent way to pick a sample of paths. */
export function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
