// Lints examples/ with the built plugin (examples/eslint.config.js), prints
// the reports, then checks the examples' promise: every file under
// examples/buggy is reported at least once (by either rule), every file under
// examples/correct is silent, and ends with that summary. Exit code 0 when
// both hold, 1 otherwise. It builds dist/ first only when dist/ is missing or
// older than src/ (after `npm install`, whose `prepare` builds, it is not).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const RULE_IDS = new Set(['pool-lifetime/no-iterator-outlives-pool', 'pool-lifetime/no-pool-used-after-close']);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(root, 'examples');

/** The .ts files under examples/<dir>, as paths relative to examples/. */
function exampleFiles(dir) {
  return readdirSync(path.join(examples, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(dir, name).split(path.sep).join('/'))
    .sort();
}

/** True when some src/ module has no compiled dist/ counterpart newer than it. */
function distIsStale() {
  for (const name of readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })) {
    if (!name.endsWith('.ts') || name.endsWith('.d.ts')) continue;
    const built = path.join(root, 'dist', name.replace(/\.ts$/, '.js'));
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(path.join(root, 'src', name)).mtimeMs) return true;
  }
  return false;
}

if (distIsStale()) {
  console.log('Building dist/ (missing or older than src/)…');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
}

const eslint = new ESLint({ cwd: root, overrideConfigFile: 'examples/eslint.config.js' });
const results = await eslint.lintFiles(['examples/']);
const formatter = await eslint.loadFormatter('stylish');
// The reports without the formatter's closing count: the summary below says what it means.
const report = (await formatter.format(results)).replace(/\n[^\n]*✖ \d+ problems?[^\n]*\n*$/u, '\n');
if (report.trim() !== '') console.log(report);

const messagesByFile = new Map(
  results.map((result) => [
    path.relative(examples, result.filePath).split(path.sep).join('/'),
    result.messages,
  ]),
);
const problems = [];
const lines = [];

lines.push('Buggy examples (each must be reported):');
for (const file of exampleFiles('buggy')) {
  const messages = messagesByFile.get(file);
  const reports = messages?.filter((m) => RULE_IDS.has(m.ruleId)).length ?? 0;
  const other = messages?.filter((m) => !RULE_IDS.has(m.ruleId)) ?? [];
  if (messages === undefined) {
    problems.push(`${file} was not linted`);
  } else if (other.length > 0) {
    problems.push(`${file}: ${other[0]?.message ?? ''} (line ${String(other[0]?.line)})`);
  } else if (reports === 0) {
    problems.push(`${file} has no report, but every buggy example must be reported`);
  }
  const mark = reports > 0 && other.length === 0 ? '✔' : '✖';
  const byRule = [...RULE_IDS]
    .map((id) => [id.slice(id.indexOf('/') + 1), messages?.filter((m) => m.ruleId === id).length ?? 0])
    .filter(([, count]) => count > 0)
    .map(([rule, count]) => `${rule} ${String(count)}`)
    .join(', ');
  lines.push(`  ${mark} ${file}: ${String(reports)} report${reports === 1 ? '' : 's'}${byRule === '' ? '' : ` (${byRule})`}`);
}

lines.push('Correct examples (each must stay silent):');
const correct = exampleFiles('correct');
let silent = 0;
for (const file of correct) {
  const messages = messagesByFile.get(file);
  if (messages === undefined) {
    problems.push(`${file} was not linted`);
    lines.push(`  ✖ ${file}: not linted`);
  } else if (messages.length > 0) {
    const where = messages.map((m) => String(m.line)).join(', ');
    problems.push(`${file} must be silent, but has ${String(messages.length)} report(s) (line ${where})`);
    lines.push(`  ✖ ${file}: ${String(messages.length)} report(s)`);
  } else {
    silent += 1;
  }
}
lines.push(`  ${silent === correct.length ? '✔' : '✖'} ${String(silent)} of ${String(correct.length)} files silent`);

const totals = [...RULE_IDS].map((id) => {
  const count = results.reduce((sum, result) => sum + result.messages.filter((m) => m.ruleId === id).length, 0);
  return `${id}: ${String(count)} report${count === 1 ? '' : 's'}`;
});
lines.push('Reports by rule:', ...totals.map((total) => `  ${total}`));
console.log(lines.join('\n'));
if (problems.length > 0) {
  console.error(`\nThe examples do not match the rule:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exitCode = 1;
} else {
  const buggy = exampleFiles('buggy').length;
  const reports = results.reduce((sum, result) => sum + result.messages.length, 0);
  console.log(
    `\nAll ${String(buggy)} buggy examples are reported (${String(reports)} reports) and all ${String(correct.length)} correct examples are silent.`,
  );
}
