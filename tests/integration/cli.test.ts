// The command line, as a user meets the rule after `npm install`: the packed
// tarball installed with ESLint and @typescript-eslint/parser in a fresh
// project, `eslint.config.js` with the recommended config, `npx eslint .`.
// Both ends of the peer range: ESLint 10, and ESLint 9.0.0 (the lowest 9.x;
// it runs flat config with @typescript-eslint/parser 8, so nothing higher is
// needed). Then the CI gate: the same project writes SARIF with
// @microsoft/eslint-formatter-sarif, as a GitHub code-scanning upload reads it.
// Then the type-aware config, which loads TypeScript and ts-api-utils.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import {
  BUGGY_COLUMN,
  BUGGY_JS_COLUMN,
  BUGGY_JS_LINE,
  BUGGY_JS_SOURCE,
  BUGGY_LINE,
  BUGGY_MESSAGE,
  BUGGY_SOURCE,
  ESLINT_CONFIG,
  FIXED_SOURCE,
  makeProject,
  RULE_ID,
  run,
  runOk,
  writeFiles,
} from './support.js';

const ctx = inject('integration');

interface StylishReport {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
  ruleId: string;
}

/** The reports in the stylish formatter's output: a file's path on a line of its own, then `line:col  severity  message  rule`. */
function parseStylish(output: string): StylishReport[] {
  const reports: StylishReport[] = [];
  let file = '';
  for (const line of output.split('\n')) {
    if (line.startsWith('/')) file = line.trim();
    const match = /^\s+(\d+):(\d+)\s{2}(\w+)\s{2}(.+?)\s{2}(\S+)$/.exec(line);
    if (match) {
      const [, row = '', column = '', severity = '', message = '', ruleId = ''] = match;
      reports.push({ file, line: Number(row), column: Number(column), severity, message, ruleId });
    }
  }
  return reports;
}

const consumers = [
  { label: 'ESLint 10', dir: () => ctx.eslint10, version: /^v10\./ },
  { label: 'ESLint 9.0.0', dir: () => ctx.eslint9, version: /^v9\.0\.0$/ },
];

describe.each(consumers)('the CLI with $label and the installed tarball', ({ dir, version }) => {
  it('runs the expected ESLint version', async () => {
    const { stdout } = await runOk('npx', ['eslint', '--version'], { cwd: dir() });
    expect(stdout.trim()).toMatch(version);
  });

  it('exits 1 on the buggy file, with the report at file:line:col and its message', async () => {
    writeFiles(dir(), { 'eslint.config.js': ESLINT_CONFIG, 'src/a.ts': BUGGY_SOURCE });
    const result = await run('npx', ['eslint', '.'], { cwd: dir() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(parseStylish(result.stdout)).toEqual([
      {
        file: path.join(dir(), 'src/a.ts'),
        line: BUGGY_LINE,
        column: BUGGY_COLUMN,
        severity: 'error',
        message: BUGGY_MESSAGE.replace(/\.$/, ''),
        ruleId: RULE_ID,
      },
    ]);
    expect(result.stdout).toContain('1 problem (1 error, 0 warnings)');
  });

  it('lints .mts, .cts and .tsx files as well as .ts', async () => {
    const project = makeProject(ctx.root, dir(), 'extensions', {
      'eslint.config.js': ESLINT_CONFIG,
      'src/a.mts': BUGGY_SOURCE,
      'src/b.cts': BUGGY_SOURCE,
      'src/c.tsx': BUGGY_SOURCE,
    });
    const result = await run('npx', ['eslint', '.'], { cwd: project });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(parseStylish(result.stdout).map(({ file, line, column, ruleId }) => ({ file, line, column, ruleId }))).toEqual(
      ['src/a.mts', 'src/b.cts', 'src/c.tsx'].map((file) => ({
        file: path.join(project, file),
        line: BUGGY_LINE,
        column: BUGGY_COLUMN,
        ruleId: RULE_ID,
      })),
    );
  });

  it('exits 0 once the file is fixed', async () => {
    writeFiles(dir(), { 'eslint.config.js': ESLINT_CONFIG, 'src/a.ts': FIXED_SOURCE });
    const result = await run('npx', ['eslint', '.'], { cwd: dir() });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

// `using` in a .js file is parsed by ESLint's own parser (espree), with the
// ECMAScript version ESLint calls "latest": ES2025 up to ESLint 9.28, ES2026
// (explicit resource management) from 9.29.0 on.
describe('`await using` in a .js file, with the recommended config alone', () => {
  const lintJs = async (consumer: string) => {
    const project = makeProject(ctx.root, consumer, 'using-js', {
      'eslint.config.js': `import poolLifetime from 'eslint-plugin-pool-lifetime';\n\nexport default [poolLifetime.configs.recommended];\n`,
      'src/a.js': BUGGY_JS_SOURCE,
    });
    const result = await run('npx', ['eslint', '--format', 'json', 'src/a.js'], { cwd: project });
    const [file] = JSON.parse(result.stdout) as { messages: { ruleId: string | null; line: number; column: number; message: string }[] }[];
    return { code: result.code, messages: file?.messages ?? [] };
  };

  it('is reported with ESLint 9.29.0', async () => {
    const { code, messages } = await lintJs(ctx.eslint929);
    expect(code).toBe(1);
    expect(messages.map(({ ruleId, line, column }) => ({ ruleId, line, column }))).toEqual([
      { ruleId: RULE_ID, line: BUGGY_JS_LINE, column: BUGGY_JS_COLUMN },
    ]);
  });

  it('is a parsing error with ESLint 9.28.0, the last version before', async () => {
    const { code, messages } = await lintJs(ctx.eslint928);
    expect(code).toBe(1);
    expect(messages.map(({ ruleId, line }) => ({ ruleId, line }))).toEqual([{ ruleId: null, line: 6 }]);
    expect(messages[0]?.message).toMatch(/^Parsing error/);
  });
});

interface Sarif {
  runs: {
    tool: { driver: { name: string; rules?: { id: string; helpUri?: string }[] } };
    results: {
      ruleId: string;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
    }[];
  }[];
}

describe('the CI gate: SARIF from @microsoft/eslint-formatter-sarif', () => {
  const sarif = async (source: string): Promise<{ code: number; report: Sarif }> => {
    writeFiles(ctx.eslint10, { 'eslint.config.js': ESLINT_CONFIG, 'src/a.ts': source });
    const result = await run('npx', ['eslint', '-f', '@microsoft/eslint-formatter-sarif', '-o', 'report.sarif', '.'], {
      cwd: ctx.eslint10,
    });
    expect(result.stderr).toBe('');
    const report = JSON.parse(readFileSync(path.join(ctx.eslint10, 'report.sarif'), 'utf8')) as Sarif;
    return { code: result.code, report };
  };

  it('fails the step and writes the report: rule id, location and message', async () => {
    const { code, report } = await sarif(BUGGY_SOURCE);
    expect(code).toBe(1);
    const [sarifRun] = report.runs;
    expect(sarifRun?.tool.driver.name).toBe('ESLint');
    expect(sarifRun?.results).toHaveLength(1);
    const result = sarifRun?.results[0];
    expect(result?.ruleId).toBe(RULE_ID);
    expect(result?.level).toBe('error');
    expect(result?.message.text).toBe(BUGGY_MESSAGE);
    expect(result?.locations[0]?.physicalLocation).toMatchObject({
      artifactLocation: { uri: pathToFileURL(path.join(ctx.eslint10, 'src/a.ts')).href },
      region: { startLine: BUGGY_LINE, startColumn: BUGGY_COLUMN },
    });
    // Code scanning links the alert to the rule's docs page.
    const rule = sarifRun?.tool.driver.rules?.find((r) => r.id === RULE_ID);
    expect(rule?.helpUri).toMatch(/\/docs\/rules\/no-iterator-outlives-pool\.md$/);
  });

  it('passes with an empty result list once the file is fixed', async () => {
    const { code, report } = await sarif(FIXED_SOURCE);
    expect(code).toBe(0);
    expect(report.runs[0]?.results).toEqual([]);
  });
});

describe('the recommended-type-checked config from the installed tarball', () => {
  const typedConfig = `import tsParser from '@typescript-eslint/parser';
import poolLifetime from 'eslint-plugin-pool-lifetime';

export default [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tsParser, parserOptions: { tsconfigRootDir: import.meta.dirname } },
  },
  poolLifetime.configs['recommended-type-checked'],
];
`;
  /** A tsconfig for the typed projects: ES2023 with disposables, no ambient types. */
  const tsconfig = JSON.stringify({
    compilerOptions: { target: 'es2023', module: 'nodenext', lib: ['es2023', 'esnext.disposable'], strict: true, noEmit: true, types: [] },
    include: ['src'],
  });

  it('finds, by type, an iterator whose method name no list knows; the syntactic config stays silent', async () => {
    const dir = makeProject(ctx.root, ctx.eslint10, 'typed', {
      'eslint.config.js': typedConfig,
      'tsconfig.json': tsconfig,
      'src/worker-pool.ts': `export declare class WorkerPool {
  constructor(threads: number);
  results(): AsyncIterable<number>;
  [Symbol.asyncDispose](): Promise<void>;
}
`,
      'src/a.ts': `import { WorkerPool } from './worker-pool.js';

declare function log(value: number): void;

export async function sum(): Promise<void> {
  let results: AsyncIterable<number>;
  {
    await using pool = new WorkerPool(8);
    results = pool.results();
  }
  for await (const r of results) log(r);
}
`,
    });
    const typed = await run('npx', ['eslint', '.'], { cwd: dir });
    expect(typed.stderr).toBe('');
    expect(typed.code).toBe(1);
    expect(parseStylish(typed.stdout)).toEqual([
      {
        file: path.join(dir, 'src/a.ts'),
        line: 11,
        column: 25,
        severity: 'error',
        message:
          "'results' (from pool.results()) is read after pool 'pool' closes " +
          "(line 10, end of the 'await using' block): read it before then",
        ruleId: RULE_ID,
      },
    ]);

    writeFiles(dir, { 'eslint.config.js': ESLINT_CONFIG });
    const syntactic = await run('npx', ['eslint', '.'], { cwd: dir });
    expect(syntactic.stdout + syntactic.stderr).toBe('');
    expect(syntactic.code).toBe(0);
  });

  // The README's caveat: with type information a file's report depends on other files, and
  // ESLint's cache lints again only the files that changed.
  it('--cache keeps a stale result when only another file changes; a run without it sees the change', async () => {
    const farm = (results: string) => `export declare class Farm {
  constructor(threads: number);
  results(): ${results};
  [Symbol.asyncDispose](): Promise<void>;
}
`;
    const dir = makeProject(ctx.root, ctx.eslint10, 'typed-cache', {
      'eslint.config.js': typedConfig,
      'tsconfig.json': tsconfig,
      // Eager at first: the helper resolves to an array.
      'src/farm.ts': farm('Promise<number[]>'),
      'src/use.ts': `import { Farm } from './farm.js';

export async function first() {
  let results;
  {
    await using farm = new Farm(8);
    results = farm.results();
  }
  return results;
}
`,
    });
    const cache = ['--cache', '--cache-location', path.join(dir, '.eslintcache')];
    const cold = await run('npx', ['eslint', ...cache, '.'], { cwd: dir });
    expect(cold.stdout + cold.stderr).toBe('');
    expect(cold.code).toBe(0);

    // Lazy now: only farm.ts changed, so the cache does not lint use.ts again.
    writeFiles(dir, { 'src/farm.ts': farm('AsyncIterable<number>') });
    const cached = await run('npx', ['eslint', ...cache, '.'], { cwd: dir });
    expect(cached.stdout + cached.stderr).toBe('');
    expect(cached.code).toBe(0);

    const fresh = await run('npx', ['eslint', '.'], { cwd: dir });
    expect(fresh.stderr).toBe('');
    expect(fresh.code).toBe(1);
    expect(parseStylish(fresh.stdout).map((report) => [path.relative(dir, report.file), report.line, report.ruleId])).toEqual([
      [path.join('src', 'use.ts'), 9, RULE_ID],
    ]);
  });
});
