// Scale: a generated project of 300 files, half with a pool bug of one of
// three kinds and half correct, linted by the ESLint 10 CLI from the
// installed tarball in every way a team runs it: single-threaded,
// `--concurrency=auto` (which on a 2-core machine picks one thread), two
// worker threads, and `--cache` cold, warm, and after an edit. All give the
// same reports, and the reports are the expected ones.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ESLINT_CONFIG, makeProject, RULE_ID, run } from './support.js';

const ctx = inject('integration');
const FILE_COUNT = 300;

interface Template {
  /** The messageId of its one report, or null for a correct file. */
  messageId: string | null;
  line: number | null;
  source: (n: number) => string;
}

const templates: Template[] = [
  {
    messageId: 'consumedAfterDisposal',
    line: 11,
    source: (n) => `import { WorkerPool } from '../lib/worker-pool.js';

export async function totalBytes${String(n)}(images: string[]): Promise<number> {
  let results: AsyncIterable<{ bytes: number }>;
  {
    await using pool = new WorkerPool(${String((n % 8) + 1)});
    results = pool.imapUnordered(images);
  }
  let total = 0;
  // the pool is gone here
  for await (const r of results) total += r.bytes;
  return total;
}
`,
  },
  {
    messageId: 'escapesScope',
    line: 7,
    source: (n) => `import { MongoClient } from 'mongodb';

export async function activeUsers${String(n)}(uri: string) {
  const client = new MongoClient(uri);
  try {
    await client.connect();
    return client.db('app${String(n)}').collection('users').find({ active: true });
  } finally {
    await client.close();
  }
}
`,
  },
  {
    messageId: 'consumedLater',
    line: 7,
    source: (n) => `import Redis from 'ioredis';

export function logSessionsSoon${String(n)}(redis: Redis): void {
  try {
    const stream = redis.scanStream({ match: 'session:${String(n)}:*' });
    setTimeout(() => {
      stream.on('data', (keys: string[]) => console.log(keys));
    }, 1000);
  } finally {
    redis.disconnect();
  }
}
`,
  },
  {
    messageId: null,
    line: null,
    source: (n) => `import { WorkerPool } from '../lib/worker-pool.js';

export async function totalBytes${String(n)}(images: string[]): Promise<number> {
  let total = 0;
  {
    await using pool = new WorkerPool(${String((n % 8) + 1)});
    for await (const r of pool.imapUnordered(images)) total += r.bytes;
  }
  return total;
}
`,
  },
  {
    messageId: null,
    line: null,
    source: (n) => `import { MongoClient } from 'mongodb';

export async function activeUsers${String(n)}(uri: string) {
  const client = new MongoClient(uri);
  try {
    await client.connect();
    return await client.db('app${String(n)}').collection('users').find({ active: true }).toArray();
  } finally {
    await client.close();
  }
}
`,
  },
  {
    messageId: null,
    line: null,
    source: (n) => `import { WorkerPool } from '../lib/worker-pool.js';

export async function sizes${String(n)}(images: string[]): Promise<number[]> {
  await using pool = new WorkerPool(4);
  const sizes = await pool.map((image: string) => image.length, images);
  return sizes.filter((size) => size > ${String(n)});
}
`,
  },
];

const fileName = (n: number): string => `src/part${String(n % 10)}/file${String(n).padStart(3, '0')}.ts`;
const templateOf = (n: number): Template => templates[n % templates.length] as Template;

interface Report {
  file: string;
  line: number;
  column: number;
  ruleId: string | null;
  messageId: string | undefined;
  message: string;
}

interface JsonResult {
  filePath: string;
  messages: { line: number; column: number; ruleId: string | null; messageId?: string; message: string }[];
}

describe(`a project of ${String(FILE_COUNT)} files`, () => {
  let dir = '';
  const cacheFile = () => path.join(dir, '.cache/eslint');

  /** Runs `npx eslint <flags> .` with the JSON formatter; returns the normalized reports and stderr. */
  async function lint(flags: string[], env: Record<string, string> = {}): Promise<{ reports: Report[]; stderr: string; ms: number }> {
    const output = path.join(dir, 'report.json');
    const result = await run('npx', ['eslint', ...flags, '-f', 'json', '-o', output, '.'], { cwd: dir, env, timeoutMs: 150_000 });
    expect(result.code, result.stderr).toBe(1);
    const results = JSON.parse(readFileSync(output, 'utf8')) as JsonResult[];
    const reports = results
      .flatMap((r) =>
        r.messages.map((m) => ({
          file: path.relative(dir, r.filePath).split(path.sep).join('/'),
          line: m.line,
          column: m.column,
          ruleId: m.ruleId,
          messageId: m.messageId,
          message: m.message,
        })),
      )
      .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
    return { reports, stderr: result.stderr, ms: result.ms };
  }

  let baseline: Report[] = [];

  beforeAll(() => {
    const files: Record<string, string> = { 'eslint.config.js': ESLINT_CONFIG };
    for (let n = 0; n < FILE_COUNT; n += 1) files[fileName(n)] = templateOf(n).source(n);
    dir = makeProject(ctx.root, ctx.eslint10, 'scale', files);
  });

  it('single-threaded: one report in each buggy file, where expected, and none elsewhere', async () => {
    const { reports } = await lint(['--concurrency=off']);
    expect(reports.every((r) => r.ruleId === RULE_ID)).toBe(true);
    const expected = [];
    for (let n = 0; n < FILE_COUNT; n += 1) {
      const template = templateOf(n);
      if (template.messageId !== null) expected.push({ file: fileName(n), line: template.line, messageId: template.messageId });
    }
    expect(expected).toHaveLength(FILE_COUNT / 2);
    expect(reports.map((r) => ({ file: r.file, line: r.line, messageId: r.messageId }))).toEqual(
      expected.sort((a, b) => a.file.localeCompare(b.file)),
    );
    baseline = reports;
  });

  it('--concurrency=auto gives the same reports', async () => {
    expect(baseline).toHaveLength(FILE_COUNT / 2);
    const { reports } = await lint(['--concurrency=auto']);
    expect(reports).toEqual(baseline);
  });

  it('--concurrency=2 (worker threads) gives the same reports', async () => {
    expect(baseline).toHaveLength(FILE_COUNT / 2);
    const { reports, stderr } = await lint(['--concurrency=2'], { DEBUG: 'eslint:eslint' });
    expect(stderr).toContain('Linting using 2 worker thread(s)');
    expect(reports).toEqual(baseline);
  });

  // ESLint's debug log says which files it linted and which it took from the cache.
  const cacheDebug = { DEBUG: 'eslint:eslint-helpers' };
  const linted = (stderr: string) => (stderr.match(/ File ".+" linted in /g) ?? []).length;
  const skipped = (stderr: string) => (stderr.match(/Skipping file since it hasn't changed/g) ?? []).length;
  const lintedFiles = FILE_COUNT + 1; // and eslint.config.js

  it('--cache, cold then warm, gives the same reports; the warm run lints nothing', async () => {
    expect(baseline).toHaveLength(FILE_COUNT / 2);
    const flags = ['--cache', '--cache-location', cacheFile()];
    expect(existsSync(cacheFile())).toBe(false);
    const cold = await lint(flags, cacheDebug);
    expect(cold.reports).toEqual(baseline);
    expect(linted(cold.stderr)).toBe(lintedFiles);
    expect(existsSync(cacheFile())).toBe(true);
    const warm = await lint(flags, cacheDebug);
    expect(warm.reports).toEqual(baseline);
    expect([linted(warm.stderr), skipped(warm.stderr)]).toEqual([0, lintedFiles]);
  });

  it('--cache after a buggy file is fixed: that file alone is linted again, and its report is gone', async () => {
    expect(baseline).toHaveLength(FILE_COUNT / 2);
    const fixed = fileName(0); // a consumedAfterDisposal file; template 3 is its correct twin
    writeFileSync(path.join(dir, fixed), (templates[3] as Template).source(0));
    const { reports, stderr } = await lint(['--cache', '--cache-location', cacheFile()], cacheDebug);
    expect(reports).toEqual(baseline.filter((r) => r.file !== fixed));
    expect([linted(stderr), skipped(stderr)]).toEqual([1, lintedFiles - 1]);
  });
});
