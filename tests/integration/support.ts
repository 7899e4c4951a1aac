// Shared by the integration tests and their global setup: running real
// commands in a clean environment, making throw-away consumer projects, and
// the buggy and fixed file every client path is exercised with.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const RULE_ID = 'pool-lifetime/no-iterator-outlives-pool';

/** What the global setup packs and installs, handed to the tests with `inject('integration')`. */
export interface IntegrationContext {
  /** A temporary folder that holds everything below; removed after the run. */
  root: string;
  /** The packed tarball. */
  tarball: string;
  /** Paths inside the tarball, as `npm pack --json` lists them. */
  packedFiles: string[];
  /** The tarball's size and unpacked size, in bytes. */
  size: number;
  unpackedSize: number;
  /** Consumer projects with the tarball installed: ESLint 10 (with the SARIF formatter and lint-staged), and ESLint 9.0.0. */
  eslint10: string;
  eslint9: string;
  /** ESLint 9.28.0 and 9.29.0 with the tarball and nothing else: the last that cannot parse `using` in .js, and the first that can. */
  eslint928: string;
  eslint929: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    integration: IntegrationContext;
  }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * The environment for a child tool: this process's, without what an outer
 * `npm test`, vitest or git put there about *this* repository (npm's
 * `npm_package_*`, `npm_lifecycle_*` and `npm_config_local_prefix`; `GIT_DIR`
 * and the like when run from a git hook), without the user's global git
 * configuration (a global `core.hooksPath` would bypass `.git/hooks`), and
 * without colours. The other `npm_config_*` stay: they carry the registry,
 * proxy and certificate settings the inner npm needs.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_(?!config_)|npm_config_local_prefix$|vitest|init_cwd$|force_color$|node_options$|git_)/i.test(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    // npm's "new version available" notice would land in the stderr the tests read.
    npm_config_update_notifier: 'false',
    NO_COLOR: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    ...extra,
  };
}

/** Runs a command to its end (no shell); a non-zero exit is a result, not an error. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<RunResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} took over ${String(timeoutMs)} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal === null ? -1 : 128), stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** Like `run`, but a non-zero exit throws with the output. */
export async function runOk(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${String(result.code)} in ${options.cwd}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

/** Writes files (paths relative to `dir`), creating folders as needed. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/**
 * A new project folder under the run's temporary root that uses a consumer's
 * installed packages (its node_modules is a link to the consumer's): a
 * package.json, the given files, nothing else.
 */
export function makeProject(root: string, consumer: string, prefix: string, files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(root, `${prefix}-`));
  writeFiles(dir, {
    'package.json': `${JSON.stringify({ name: prefix, private: true, type: 'module' }, null, 2)}\n`,
    ...files,
  });
  symlinkSync(path.join(consumer, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The flat config a user writes: the TypeScript parser for TypeScript files and the recommended config. */
export const ESLINT_CONFIG = `import tsParser from '@typescript-eslint/parser';
import poolLifetime from 'eslint-plugin-pool-lifetime';

export default [
  { files: ['**/*.{ts,mts,cts,tsx}'], languageOptions: { parser: tsParser } },
  poolLifetime.configs.recommended,
];
`;

/** The behaviour contract's opening example, made a module that declares what it uses. */
export const BUGGY_SOURCE = `import { WorkerPool } from './worker-pool.js';

declare const work: (n: number) => number;
declare const tasks: number[];
declare function log(value: number): void;

let results: AsyncIterable<number>;
{
  await using pool = new WorkerPool(8);
  results = pool.imapUnordered(work, tasks);
}                                            // pool disposed here
for await (const r of results) log(r);      // report: consumed after disposal
`;

/** Where the report on BUGGY_SOURCE is: the \`results\` of the \`for await\` line. */
export const BUGGY_LINE = 12;
export const BUGGY_COLUMN = 23;

/** The report's text, as ESLint gives it (the stylish formatter drops the final period). */
export const BUGGY_MESSAGE =
  "'results' (from pool.imapUnordered(…)) is read after pool 'pool' closes " +
  "(line 11, end of the 'await using' block): read it before then.";

/** BUGGY_SOURCE fixed: the iterator is consumed while the pool is alive. */
export const FIXED_SOURCE = `import { WorkerPool } from './worker-pool.js';

declare const work: (n: number) => number;
declare const tasks: number[];
declare function log(value: number): void;

{
  await using pool = new WorkerPool(8);
  for await (const r of pool.imapUnordered(work, tasks)) log(r);
}
`;

/** The bug in plain JavaScript, with `await using`: ESLint's own parser must read ES2026. */
export const BUGGY_JS_SOURCE = `import { WorkerPool } from './worker-pool.js';

export async function first(tasks) {
  let results;
  {
    await using pool = new WorkerPool(8);
    results = pool.imapUnordered((n) => n * 2, tasks);
  }
  for await (const r of results) return r;
}
`;

/** Where the report on BUGGY_JS_SOURCE is: the `results` of the `for await` line. */
export const BUGGY_JS_LINE = 9;
export const BUGGY_JS_COLUMN = 25;
