// Lints examples/ with the built plugin (examples/eslint.config.js), prints
// the reports, then checks the examples' promise: every file under
// examples/buggy is reported at least once, every file under
// examples/correct is silent, but for the files AWAITING_RULE_CHANGE lists,
// which must give today's wrong verdict exactly. Exit code 0 when all hold,
// 1 otherwise.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const RULE_ID = 'pool-lifetime/no-iterator-outlives-pool';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(root, 'examples');

// Examples on which today's rule does not give the verdict their folder
// promises, because the rule is being extended to tell a graceful close from
// an abrupt one: buggy files not reported yet, and a correct file still
// reported (a false alarm). tests/examples.test.ts keeps the same list. When
// the rule learns a shape, its file fails here and leaves the list.
const AWAITING_RULE_CHANGE = new Map([
  ['buggy/better-sqlite3-iterator-left-open.ts', 'an iterator left open makes the strict db.close() throw'],
  ['buggy/mysql2-stream-unread-before-end.ts', 'a stream left unread blocks the graceful await end() forever'],
  ['buggy/undici-fetch-dispatcher-closed.ts', 'a body left unread blocks the graceful await dispatcher.close()'],
  ['correct/mysql2-stream-data-listener.ts', "mysql2's end() is graceful: 'still reading' is a false alarm"],
]);

/** The .ts files under examples/<dir>, as paths relative to examples/. */
function exampleFiles(dir) {
  return readdirSync(path.join(examples, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(dir, name).split(path.sep).join('/'))
    .sort();
}

const eslint = new ESLint({ cwd: root, overrideConfigFile: 'examples/eslint.config.js' });
const results = await eslint.lintFiles(['examples/']);
const formatter = await eslint.loadFormatter('stylish');
const report = await formatter.format(results);
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
  const reports = messages?.filter((m) => m.ruleId === RULE_ID).length ?? 0;
  const other = messages?.filter((m) => m.ruleId !== RULE_ID) ?? [];
  const pending = AWAITING_RULE_CHANGE.get(file);
  if (messages === undefined) {
    problems.push(`${file} was not linted`);
  } else if (other.length > 0) {
    problems.push(`${file}: ${other[0]?.message ?? ''} (line ${String(other[0]?.line)})`);
  } else if (pending !== undefined && reports > 0) {
    problems.push(`${file} is reported now: take it out of AWAITING_RULE_CHANGE (here and in tests/examples.test.ts)`);
  } else if (pending === undefined && reports === 0) {
    problems.push(`${file} has no report, but every buggy example must be reported`);
  }
  const ok = other.length === 0 && (pending === undefined ? reports > 0 : reports === 0);
  const note = pending === undefined ? '' : ` (not reported yet, awaiting the rule change: ${pending})`;
  lines.push(`  ${ok ? '✔' : '✖'} ${file}: ${String(reports)} report${reports === 1 ? '' : 's'}${note}`);
}

lines.push('Correct examples (each must stay silent):');
const correct = exampleFiles('correct');
let silent = 0;
for (const file of correct) {
  const messages = messagesByFile.get(file);
  const pending = AWAITING_RULE_CHANGE.get(file);
  if (messages === undefined) {
    problems.push(`${file} was not linted`);
    lines.push(`  ✖ ${file}: not linted`);
  } else if (pending !== undefined) {
    const ok = messages.length > 0 && messages.every((m) => m.ruleId === RULE_ID);
    if (!ok) problems.push(`${file} is silent now: take it out of AWAITING_RULE_CHANGE (here and in tests/examples.test.ts)`);
    lines.push(`  ${ok ? '✔' : '✖'} ${file}: ${String(messages.length)} report(s), a false alarm awaiting the rule change: ${pending}`);
  } else if (messages.length > 0) {
    const where = messages.map((m) => String(m.line)).join(', ');
    problems.push(`${file} must be silent, but has ${String(messages.length)} report(s) (line ${where})`);
    lines.push(`  ✖ ${file}: ${String(messages.length)} report(s)`);
  } else {
    silent += 1;
  }
}
const mustBeSilent = correct.filter((file) => !AWAITING_RULE_CHANGE.has(file)).length;
lines.push(`  ${silent === mustBeSilent ? '✔' : '✖'} ${String(silent)} of ${String(mustBeSilent)} files silent`);

console.log(lines.join('\n'));
if (problems.length > 0) {
  console.error(`\nThe examples do not match the rule:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exitCode = 1;
} else {
  console.log(
    `\nAll buggy examples are reported and all correct examples are silent, but for the ${String(AWAITING_RULE_CHANGE.size)} awaiting the rule change.`,
  );
}
