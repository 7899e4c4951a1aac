// The field suite: the rules on code nobody here wrote (tests/field/README.md).
//   bugs/     small reproductions of bugs reported in public, with the
//             expected reports marked; a miss is printed, not a failure.
//   correct/  published application code, named by package, version and path
//             in manifest.json and fetched from the npm registry into a cache
//             under node_modules/; every report there must be in allowed.json.
// Uses the built plugin (dist/). Exit code 1 on a crash, on a report in
// correct/ that the allow list does not hold, or when the suite itself is
// broken (a bad marker, a tarball that does not match its integrity, a listed
// file that is not in its package); 0 otherwise.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  applyAllowList,
  checkAllowList,
  createFieldLinter,
  matchExpectations,
  parseMarkers,
  PLUGIN_PREFIX,
} from '../tests/field/field.js';

const started = performance.now();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fieldDir = path.join(root, 'tests', 'field');
const cacheDir = path.join(root, 'node_modules', '.cache', 'pool-lifetime-field');
const { default: plugin } = await import(path.join(root, 'dist', 'index.js'));
const lint = createFieldLinter(plugin);
const summary = process.argv.includes('--summary');
const problems = [];
const out = [];

const where = (file, line) => `${file}:${String(line)}`;
const expectationText = (e) => `${e.rule}${e.messageId ? `/${e.messageId}` : ''}`;
const reportText = (r) => `${r.ruleId.slice(PLUGIN_PREFIX.length)}/${r.messageId ?? '?'}`;

// ---- bugs/ ------------------------------------------------------------------

const bugsDir = path.join(fieldDir, 'bugs');
const bugFiles = readdirSync(bugsDir)
  .filter((name) => /\.[cm]?[jt]s$/.test(name))
  .sort();
const tally = { inScope: [0, 0], outOfScope: [0, 0], fixed: [0, 0] };
const missed = [];
const notImplemented = [];
const unexpected = [];
const bugParseErrors = [];
const crashes = [];
for (const name of bugFiles) {
  const text = readFileSync(path.join(bugsDir, name), 'utf8');
  let markers;
  try {
    markers = parseMarkers(text);
  } catch (error) {
    problems.push(`bugs/${name}: ${error instanceof Error ? error.message : String(error)}`);
    continue;
  }
  const result = lint(name, text);
  if (result.crash) crashes.push(`bugs/${name}: ${result.crash}`);
  if (result.parseError) bugParseErrors.push(`bugs/${name}: ${result.parseError}`);
  const match = matchExpectations(markers.expectations, result.reports, plugin.rules);
  if (markers.fixedUpstream) {
    tally.fixed[1] += 1;
    if (match.unexpected.length === 0) tally.fixed[0] += 1;
  } else {
    const bucket = markers.outOfScope === undefined ? tally.inScope : tally.outOfScope;
    bucket[0] += match.found.length;
    bucket[1] += markers.expectations.length;
  }
  const shape = markers.outOfScope === undefined ? '' : ` (out of scope: ${markers.outOfScope})`;
  for (const e of match.missed) missed.push(`${where(`bugs/${name}`, e.line)} ${expectationText(e)}${shape}`);
  for (const e of match.notImplemented) {
    notImplemented.push(`${where(`bugs/${name}`, e.line)} ${expectationText(e)}${shape}`);
  }
  for (const r of match.unexpected) {
    const fixed = markers.fixedUpstream ? ' (fixed upstream: expected silent)' : '';
    unexpected.push(`${where(`bugs/${name}`, r.line)} ${reportText(r)}${fixed}: ${r.message}`);
  }
}
const libraries = new Set(
  readFileSync(path.join(bugsDir, 'SOURCES.md'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| ['))
    .map((line) => line.split('|')[3]?.trim())
    .filter(Boolean),
);
/** A count, and the items too unless `--summary` asks for counts only (failures are always listed). */
const list = (title, items, failing = false) => {
  out.push(`  ${title}: ${String(items.length)}`);
  if (summary && !failing) return;
  for (const item of items) out.push(`    ${item}`);
};
out.push(
  `bugs/: ${String(bugFiles.length)} files from ${String(libraries.size)} libraries (${String(tally.fixed[1])} fixed upstream)`,
  `  expected reports found: ${String(tally.inScope[0])} of ${String(tally.inScope[1])} in scope, ` +
    `${String(tally.outOfScope[0])} of ${String(tally.outOfScope[1])} out of scope; ` +
    `fixed-upstream files silent: ${String(tally.fixed[0])} of ${String(tally.fixed[1])}`,
);
list('expected, not found', missed);
list('expected, rule or message not yet implemented', notImplemented);
list('reports not expected', unexpected);
list('parse errors', bugParseErrors);
list('crashes', crashes, true);

// ---- correct/ -----------------------------------------------------------------

const manifest = JSON.parse(readFileSync(path.join(fieldDir, 'correct', 'manifest.json'), 'utf8'));
const allowList = JSON.parse(readFileSync(path.join(fieldDir, 'correct', 'allowed.json'), 'utf8'));
for (const problem of checkAllowList(allowList)) problems.push(`correct/allowed.json: ${problem}`);

/** Where a package's files are extracted in the cache. */
const packageDir = (pkg) => path.join(cacheDir, `${pkg.name.replace('/', '+')}@${pkg.version}`);

/** Fetches, verifies and extracts the packages not yet in the cache: one `npm pack` for all. */
function fillCache(packages) {
  const missing = packages.filter((pkg) => !existsSync(path.join(packageDir(pkg), '.field-verified')));
  if (missing.length === 0) return 0;
  const downloads = path.join(cacheDir, 'tarballs');
  mkdirSync(downloads, { recursive: true });
  const specs = missing.map((pkg) => `${pkg.name}@${pkg.version}`);
  const packed = JSON.parse(
    execFileSync('npm', ['pack', ...specs, '--json', '--pack-destination', downloads], {
      cwd: cacheDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
  for (const pkg of missing) {
    const entry = packed.find((p) => p.name === pkg.name && p.version === pkg.version);
    if (entry === undefined) {
      problems.push(`${pkg.name}@${pkg.version}: npm pack did not return it`);
      continue;
    }
    const tarball = path.join(downloads, entry.filename);
    const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (integrity !== pkg.integrity) {
      problems.push(`${pkg.name}@${pkg.version}: the tarball's integrity ${integrity} is not the manifest's`);
      continue;
    }
    const target = packageDir(pkg);
    const partial = `${target}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', partial, '--strip-components=1']);
    writeFileSync(path.join(partial, '.field-verified'), `${pkg.integrity}\n`);
    rmSync(target, { recursive: true, force: true });
    renameSync(partial, target);
    rmSync(tarball, { force: true });
  }
  return missing.length;
}

mkdirSync(cacheDir, { recursive: true });
let fetched = 0;
try {
  fetched = fillCache(manifest.packages);
} catch (error) {
  problems.push(`fetching the correct set: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
}
const correctReports = [];
const correctParseErrors = [];
const correctCrashes = [];
let correctFiles = 0;
for (const pkg of manifest.packages) {
  const dir = packageDir(pkg);
  if (!existsSync(path.join(dir, '.field-verified'))) continue;
  for (const { path: file } of pkg.files) {
    const id = `${pkg.name}@${pkg.version}/${file}`;
    const full = path.join(dir, file);
    if (!existsSync(full)) {
      problems.push(`${id}: not in the package`);
      continue;
    }
    correctFiles += 1;
    const result = lint(file, readFileSync(full, 'utf8'));
    if (result.crash) correctCrashes.push(`${id}: ${result.crash}`);
    if (result.parseError) correctParseErrors.push(`${id}: ${result.parseError}`);
    for (const report of result.reports) correctReports.push({ ...report, file: id });
  }
}
const sorted = applyAllowList(correctReports, allowList);
const deliberate = sorted.allowed.filter((a) => a.reason.startsWith('deliberate')).length;
const repositories = new Set(manifest.packages.map((pkg) => pkg.repository));
out.push(
  `correct/: ${String(correctFiles)} files from ${String(manifest.packages.length)} packages, ` +
    `${String(repositories.size)} repositories${fetched > 0 ? ` (${String(fetched)} packages fetched)` : ''}`,
  `  reports: ${String(correctReports.length)}; listed in allowed.json: ${String(sorted.allowed.length)} ` +
    `(${String(deliberate)} deliberate after-close tests, ${String(sorted.allowed.length - deliberate)} false alarms still open)`,
);
list(
  'reports not expected (not in allowed.json)',
  sorted.unlisted.map((r) => `${where(r.file, r.line)} ${reportText(r)}: ${r.message}`),
  true,
);
list(
  'allow-list entries that match no report',
  sorted.stale.map((e) => `${where(e.file, e.line)} ${e.rule}`),
);
list('parse errors', correctParseErrors);
list('crashes', correctCrashes, true);

for (const problem of problems) out.push(`problem: ${problem}`);
out.push(`field: ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(out.join('\n'));
if (crashes.length + correctCrashes.length + sorted.unlisted.length + problems.length > 0) process.exitCode = 1;
