// The field suite's logic, apart from its input and output: reading the
// markers of a bug file, matching its expectations against the reports,
// sorting the reports of the correct set by the allow list, and linting one
// file with every rule of the plugin. scripts/field.js runs it; field.test.ts
// tests it.
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';

export const PLUGIN_PREFIX = 'pool-lifetime/';

/**
 * The markers of a bug file.
 * - `// expect: <rule>` or `// expect: <rule>/<messageId>` at the end of a line:
 *   a report of that rule (and message id) is expected on that line. Several
 *   may follow one another, separated by commas.
 * - `// reconstructed` at the end of a line: the line is not in the report's
 *   code; it was written to make the reproduction whole.
 * - `// field: fixed-upstream` in the header: the cause was the driver or the
 *   runtime and has since been fixed; the user code is the idiom today, so the
 *   file is expected silent (it may carry no `expect`).
 * - `// field: out-of-scope <shape>` in the header: the bug's shape is outside
 *   the contracts; its expectations are counted apart, and <shape> names it.
 */
export function parseMarkers(text) {
  const expectations = [];
  const reconstructed = [];
  let fixedUpstream = false;
  let outOfScope;
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    const number = index + 1;
    const header = /^\s*\/\/\s*field:\s*(fixed-upstream|out-of-scope)\b\s*:?\s*(.*)$/.exec(line);
    if (header) {
      if (header[1] === 'fixed-upstream') fixedUpstream = true;
      else outOfScope = header[2].trim() || 'unnamed shape';
      return;
    }
    const at = line.search(/\/\/\s*expect:/);
    if (at !== -1) {
      if (line.slice(0, at).trim() === '') {
        throw new Error(`line ${String(number)}: an expect marker must end the line the report lands on`);
      }
      const list = line.slice(line.indexOf(':', at) + 1).split('//')[0] ?? '';
      for (const item of list.split(',')) {
        const match = /^\s*([a-z][a-z-]*)(?:\/([A-Za-z]+))?\s*$/.exec(item);
        if (!match) throw new Error(`line ${String(number)}: bad expect marker '${item.trim()}'`);
        expectations.push({ line: number, rule: match[1], messageId: match[2] });
      }
    }
    if (/\/\/\s*reconstructed\b/.test(line)) reconstructed.push(number);
  });
  if (fixedUpstream && expectations.length > 0) {
    throw new Error('a fixed-upstream file is expected silent: it may not carry expect markers');
  }
  return { expectations, reconstructed, fixedUpstream, outOfScope };
}

/**
 * Matches a bug file's expectations against its reports. Each report meets at
 * most one expectation. An expectation whose rule or message id the built
 * plugin does not have yet is `notImplemented` (a miss, listed apart).
 * Returns `{ found, missed, notImplemented, unexpected }`.
 */
export function matchExpectations(expectations, reports, rules) {
  const left = [...reports];
  const found = [];
  const missed = [];
  const notImplemented = [];
  for (const expectation of expectations) {
    const rule = rules[expectation.rule];
    const known =
      rule !== undefined && (expectation.messageId === undefined || expectation.messageId in (rule.meta?.messages ?? {}));
    if (!known) {
      notImplemented.push(expectation);
      continue;
    }
    const index = left.findIndex(
      (report) =>
        report.line === expectation.line &&
        report.ruleId === PLUGIN_PREFIX + expectation.rule &&
        (expectation.messageId === undefined || report.messageId === expectation.messageId),
    );
    if (index === -1) missed.push(expectation);
    else found.push({ expectation, report: left.splice(index, 1)[0] });
  }
  return { found, missed, notImplemented, unexpected: left };
}

/**
 * Sorts the reports on the correct set by the allow list: an entry names a
 * file (as `<package>@<version>/<path>`), a line, a rule (without the plugin's
 * prefix) and a reason. Returns `{ allowed, unlisted, stale }`: the reports
 * listed, the reports not listed (each a failure), and the entries that match
 * no report.
 */
export function applyAllowList(reports, entries) {
  const unused = new Set(entries);
  const allowed = [];
  const unlisted = [];
  for (const report of reports) {
    const entry = entries.find(
      (candidate) =>
        candidate.file === report.file &&
        candidate.line === report.line &&
        PLUGIN_PREFIX + candidate.rule === report.ruleId,
    );
    if (entry === undefined) {
      unlisted.push(report);
    } else {
      unused.delete(entry);
      allowed.push({ report, reason: entry.reason });
    }
  }
  return { allowed, unlisted, stale: [...unused] };
}

/** Checks an allow list's shape; returns the problems found. */
export function checkAllowList(entries) {
  const problems = [];
  if (!Array.isArray(entries)) return ['the allow list must be an array'];
  entries.forEach((entry, index) => {
    const where = `entry ${String(index)}`;
    if (typeof entry.file !== 'string' || !/^(@[^/]+\/)?[^/@]+@[^/]+\/.+/.test(entry.file)) {
      problems.push(`${where}: file must read <package>@<version>/<path>`);
    }
    if (!Number.isInteger(entry.line) || entry.line < 1) problems.push(`${where}: line must be a positive integer`);
    if (typeof entry.rule !== 'string' || entry.rule.startsWith(PLUGIN_PREFIX)) {
      problems.push(`${where}: rule must be the rule's name without '${PLUGIN_PREFIX}'`);
    }
    if (typeof entry.reason !== 'string' || !/^(deliberate: |false alarm, open: )\S/.test(entry.reason)) {
      problems.push(`${where}: reason must start with 'deliberate: ' or 'false alarm, open: '`);
    }
  });
  return problems;
}

const ESPREE_MODULE = { ecmaVersion: 'latest', sourceType: 'module' };
const ESPREE_COMMONJS = { ecmaVersion: 'latest', sourceType: 'commonjs' };
const TYPESCRIPT = { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' };

/**
 * Parsers in the order they are tried. TypeScript files: typescript-eslint's
 * parser. JavaScript files: ESLint's own parser, what ESLint runs on them by
 * default, first as a module, then as CommonJS (for what only sloppy-mode
 * CommonJS allows: legacy octal literals such as `0644`, HTML-like comments),
 * then typescript-eslint's parser for the rare published .js file with
 * syntax espree does not know yet. ESLint's parser is also some three times
 * faster, which keeps the suite quick.
 */
export function parsersFor(fileName) {
  if (/\.[cm]?ts$/.test(fileName)) return [['typescript', TYPESCRIPT]];
  return [
    ['espree-module', ESPREE_MODULE],
    ['espree-commonjs', ESPREE_COMMONJS],
    ['typescript', TYPESCRIPT],
  ];
}

/**
 * A linter with every rule the plugin exports, at its defaults, and inline
 * configuration off (published code names rules this config does not have).
 * Returns `lint(fileName, text)` → `{ parser, reports, parseError, crash }`.
 */
export function createFieldLinter(plugin) {
  const linter = new Linter({ configType: 'flat' });
  const rules = Object.fromEntries(Object.keys(plugin.rules).map((name) => [PLUGIN_PREFIX + name, 'error']));
  return (fileName, text) => {
    // A virtual name: ESLint ignores any path under node_modules/.
    const filename = `field/file${/\.[cm]?[jt]s$/.exec(fileName)?.[0] ?? '.js'}`;
    let parseError;
    for (const [parser, languageOptions] of parsersFor(fileName)) {
      const config = [
        {
          files: ['**/*.js', '**/*.cjs', '**/*.mjs', '**/*.ts', '**/*.cts', '**/*.mts'],
          linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
          languageOptions,
          plugins: { 'pool-lifetime': plugin },
          rules,
        },
      ];
      let messages;
      try {
        messages = linter.verify(text, config, { filename });
      } catch (error) {
        return { parser, reports: [], crash: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      }
      const fatal = messages.find((message) => message.fatal === true);
      if (fatal) {
        parseError ??= `${parser}: ${fatal.message} (line ${String(fatal.line)})`;
        continue;
      }
      const reports = messages
        .filter((message) => message.ruleId?.startsWith(PLUGIN_PREFIX))
        .map(({ ruleId, messageId, message, line, column }) => ({ ruleId, messageId, message, line, column }));
      return { parser, reports };
    }
    return { parser: undefined, reports: [], parseError };
  };
}
