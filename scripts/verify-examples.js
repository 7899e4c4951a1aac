// `npm run examples:verify`: runs every example against its real driver and a
// real server on loopback (scripts/servers.sh start), and checks that each
// buggy example fails as its header comment says (an error, a hang cut off
// after a few seconds, rows lost) and each correct one reads all its data.
// The cases are the table in scripts/verify/cases.js. Exit code 1 when a
// verdict is wrong or an example has no case.
import { fork } from 'node:child_process';
import { clearTimeout, setTimeout } from 'node:timers';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { cases } from './verify/cases.js';
import { serverEnv } from './verify/data.js';
import { seedMysql, seedPostgres, seedRedis } from './verify/seed.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(root, 'examples');
// Under node_modules, so that the transpiled examples resolve the drivers.
const built = path.join(root, 'node_modules', '.cache', 'verify-examples');
const HANG_LIMIT = 3_000; // a case expected to hang is cut off after this
const LIMIT = 15_000; // any other case

const only = process.argv.slice(2);
const env = { ...process.env, ...serverEnv() };

/** The .ts files under examples/<dir>, relative to examples/. */
const exampleFiles = (dir) =>
  readdirSync(path.join(examples, dir))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `${dir}/${name}`)
    .sort();

function transpileAll() {
  rmSync(built, { recursive: true, force: true });
  for (const dir of ['buggy', 'correct']) {
    mkdirSync(path.join(built, dir), { recursive: true });
    for (const file of exampleFiles(dir)) {
      const { outputText } = ts.transpileModule(readFileSync(path.join(examples, file), 'utf8'), {
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
        fileName: file,
      });
      writeFileSync(path.join(built, file.replace(/\.ts$/, '.js')), outputText);
    }
    // The piscina examples' worker, next to them.
    cpSync(path.join(root, 'scripts/verify/lib/resize-worker.js'), path.join(built, dir, 'resize-worker.js'));
  }
  cpSync(path.join(root, 'scripts/verify/lib'), path.join(built, 'lib'), { recursive: true });
  writeFileSync(path.join(built, 'package.json'), '{ "type": "module" }\n');
}

function runCase(index, c) {
  const dir = path.join(built, 'run', String(index));
  mkdirSync(dir, { recursive: true });
  const limit = c.limit ?? (c.expect.hang === true ? HANG_LIMIT : LIMIT);
  return new Promise((resolve) => {
    const started = performance.now();
    const child = fork(path.join(root, 'scripts/verify/child.js'), [String(index), built, dir], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.resume();
    let outcome;
    const timer = setTimeout(() => {
      outcome ??= { kind: 'hang', limit };
      child.kill('SIGKILL');
    }, limit);
    child.on('message', (message) => {
      outcome ??= message;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // 13: Node's exit for a top-level await that never settles, once nothing
      // is left to wake the event loop: the awaited call never returns.
      if (code === 13) outcome ??= { kind: 'hang', settled: 'never settled, the event loop emptied' };
      outcome ??= { kind: 'crash', code, signal, stderr: stderr.trim().split('\n').slice(-5).join('\n') };
      resolve({ ...outcome, ms: Math.round(performance.now() - started) });
    });
  });
}

const errorText = (e) => [e.name, e.code, e.message].filter((x) => x !== undefined).join(' ');

function show(outcome) {
  switch (outcome.kind) {
    case 'hang':
      return outcome.settled ?? `hung, cut off after ${String(outcome.limit / 1000)} s`;
    case 'error':
      return `threw ${errorText(outcome.error)}`;
    case 'value':
      return `returned ${JSON.stringify(outcome.value)}${outcome.unhandled.length > 0 ? `, unhandled: ${errorText(outcome.unhandled[0])}` : ''}`;
    default:
      return `the child process ended (${String(outcome.code ?? outcome.signal)}): ${outcome.stderr}`;
  }
}

/** null when the outcome is the one the case expects, else why not. */
function judge(c, outcome) {
  const { expect } = c;
  if (expect.hang === true) return outcome.kind === 'hang' ? null : 'expected a hang';
  if (expect.error !== undefined) {
    return outcome.kind === 'error' && expect.error.test(errorText(outcome.error)) ? null : `expected an error ${String(expect.error)}`;
  }
  if (expect.unhandled !== undefined) {
    return outcome.kind === 'value' && outcome.unhandled.some((e) => expect.unhandled.test(errorText(e)))
      ? null
      : `expected an unhandled error ${String(expect.unhandled)}`;
  }
  if (outcome.kind !== 'value') return 'expected a value';
  if (outcome.unhandled.length > 0) return `unhandled error ${errorText(outcome.unhandled[0])}`;
  return expect.value(outcome.value);
}

// Every example must have a case (run or skipped with a reason).
const problems = [];
for (const file of [...exampleFiles('buggy'), ...exampleFiles('correct')]) {
  if (!cases.some((c) => c.file === file)) problems.push(`${file} has no case in scripts/verify/cases.js`);
}
for (const c of cases) {
  if (!readdirSync(path.join(examples, path.dirname(c.file))).includes(path.basename(c.file))) problems.push(`${c.file}: no such example`);
}

const t0 = performance.now();
transpileAll();
const seedStart = performance.now();
try {
  await Promise.all([seedPostgres(env), seedMysql(env), seedRedis(env)]);
} catch (err) {
  console.error(`Could not fill the servers (${String(err.message)}): start them with \`bash scripts/servers.sh start\` (as root).`);
  process.exit(1);
}
console.log(`Seeded PostgreSQL, MariaDB and Redis in ${((performance.now() - seedStart) / 1000).toFixed(1)} s.\n`);

const lines = [];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const [index, c] of cases.entries()) {
  const label = c.name === undefined ? c.file : `${c.file} (${c.name})`;
  if (only.length > 0 && !only.some((o) => label.includes(o))) continue;
  if (c.skip !== undefined) {
    skipped += 1;
    lines.push(`  - ${label}: skipped, ${c.skip}`);
    continue;
  }
  const outcome = await runCase(index, c);
  const problem = judge(c, outcome);
  const line = `${label}: ${show(outcome)} (${String(outcome.ms)} ms); promised: ${c.says}`;
  if (problem === null) {
    passed += 1;
    lines.push(`  ✔ ${line}`);
  } else {
    failed += 1;
    lines.push(`  ✖ ${line}\n      ${problem}`);
    problems.push(`${label}: ${problem}`);
  }
  console.log(lines.at(-1));
}

console.log(`\nSkipped:\n${lines.filter((l) => l.startsWith('  -')).join('\n')}`);
console.log(`\nRan in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
console.log(`examples:verify: ${String(passed)} passed, ${String(failed)} failed, ${String(skipped)} skipped`);
if (problems.length > 0) {
  console.error(`\nThe examples do not behave as their comments say:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exitCode = 1;
}
