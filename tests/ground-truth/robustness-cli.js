// npm run robustness -- [dir …] [--workers N] [--limit N] [--timeout SECONDS]
//
// Lints every .js/.mjs/.cjs/.ts file under node_modules (or the given
// directories) with the rule built in dist/, in worker threads, and prints
// every report (file:line:column, message) and the figures: files, parsed by
// which parser, unparseable, exceptions (must be 0), reports, time. Exit code
// 1 when the rule threw (or timed out) on any file.
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { setInterval, clearInterval } from 'node:timers';
import { Worker } from 'node:worker_threads';
import { listSourceFiles } from './robustness.js';

function parseArguments(argv) {
  const options = { roots: [], workers: Math.min(2, os.availableParallelism()), limit: Infinity, timeout: 600 };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    const value = () => Number(argv[++i]);
    if (argument === '--workers') options.workers = value();
    else if (argument === '--limit') options.limit = value();
    else if (argument === '--timeout') options.timeout = value();
    else if (argument.startsWith('--')) throw new Error(`unknown argument ${argument}`);
    else options.roots.push(argument);
  }
  if (options.roots.length === 0) options.roots.push('node_modules');
  return options;
}

const options = parseArguments(process.argv.slice(2));
const pluginUrl = new URL('../../dist/index.js', import.meta.url).href;
const started = Date.now();
const files = options.roots.flatMap((root) => listSourceFiles(root)).slice(0, options.limit);
console.log(`robustness: ${String(files.length)} files under ${options.roots.join(', ')}, ${String(options.workers)} worker(s)`);

const stats = { files: 0, byParser: {}, unparseable: 0, exceptions: [], reports: 0, reportedFiles: 0, slowest: [] };
const queue = [...files];

function onResult(result) {
  stats.files += 1;
  if (result.parser) stats.byParser[result.parser] = (stats.byParser[result.parser] ?? 0) + 1;
  if (result.unparseable !== undefined) stats.unparseable += 1;
  if (result.exception !== undefined) {
    stats.exceptions.push({ file: result.file, exception: result.exception });
    console.log(`EXCEPTION ${result.file} (${String(result.parser)}): ${result.exception}`);
  }
  if (result.reports.length > 0) {
    stats.reportedFiles += 1;
    stats.reports += result.reports.length;
    for (const report of result.reports) {
      console.log(`${result.file}:${String(report.line)}:${String(report.column)} ${String(report.messageId)}: ${report.message}`);
    }
  }
  stats.slowest.push({ file: result.file, ms: result.ms });
  stats.slowest.sort((a, b) => b.ms - a.ms);
  stats.slowest.length = Math.min(stats.slowest.length, 5);
  if (process.stderr.isTTY && stats.files % 200 === 0) process.stderr.write(`\r${String(stats.files)}/${String(files.length)}`);
}

await new Promise((resolve) => {
  let running = 0;
  const busy = new Map(); // worker → { file, since }
  const spawn = () => {
    const worker = new Worker(new URL('./robustness-worker.js', import.meta.url), {
      workerData: { pluginUrl },
      resourceLimits: { maxOldGenerationSizeMb: 6144 },
    });
    running += 1;
    const feed = () => {
      const file = queue.shift();
      if (file === undefined) {
        busy.delete(worker);
        void worker.terminate();
        return;
      }
      busy.set(worker, { file, since: Date.now() });
      worker.postMessage(file);
    };
    worker.on('message', (message) => {
      if (message.ready !== true) onResult(message);
      feed();
    });
    worker.on('error', (error) => {
      const current = busy.get(worker);
      if (current) onResult({ file: current.file, reports: [], ms: Date.now() - current.since, exception: `worker crashed: ${error.message}` });
      busy.delete(worker);
    });
    worker.on('exit', () => {
      running -= 1;
      if (busy.has(worker)) {
        const current = busy.get(worker);
        busy.delete(worker);
        onResult({ file: current.file, reports: [], ms: Date.now() - current.since, exception: 'worker exited' });
      }
      if (queue.length > 0) spawn();
      else if (running === 0) {
        clearInterval(watchdog);
        resolve();
      }
    });
  };
  const watchdog = setInterval(() => {
    for (const [worker, current] of busy) {
      if (Date.now() - current.since > options.timeout * 1000) {
        busy.delete(worker);
        onResult({ file: current.file, reports: [], ms: Date.now() - current.since, exception: `timeout after ${String(options.timeout)} s` });
        void worker.terminate();
      }
    }
  }, 2000);
  for (let i = 0; i < Math.max(1, options.workers); i++) spawn();
});

if (process.stderr.isTTY) process.stderr.write('\r');
const seconds = (Date.now() - started) / 1000;
console.log('');
console.log(`files: ${String(stats.files)} in ${seconds.toFixed(1)} s`);
console.log(`parsed by: ${Object.entries(stats.byParser).map(([parser, count]) => `${parser} ${String(count)}`).join(', ')}; unparseable: ${String(stats.unparseable)}`);
console.log(`exceptions: ${String(stats.exceptions.length)}`);
for (const { file, exception } of stats.exceptions) console.log(`  ${file}: ${exception}`);
console.log(`reports: ${String(stats.reports)} in ${String(stats.reportedFiles)} file(s)`);
console.log(`slowest: ${stats.slowest.map(({ file, ms }) => `${path.relative(process.cwd(), file)} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
process.exitCode = stats.exceptions.length > 0 ? 1 : 0;
