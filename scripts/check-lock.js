// Fails when package-lock.json is not what `npm install` would write for
// package.json (a dependency or a peer entry added to one and not the other),
// so that `npm install` on a fresh clone leaves the lock file unchanged. It
// works on a copy of both files in a temporary folder and changes nothing here.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'lock-check-'));
try {
  for (const name of ['package.json', 'package-lock.json']) copyFileSync(path.join(root, name), path.join(scratch, name));
  const npm = spawnSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: scratch,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (npm.status !== 0) {
    console.error(`npm install --package-lock-only failed:\n${npm.stdout}${npm.stderr}`);
    process.exit(1);
  }
  const committed = readFileSync(path.join(root, 'package-lock.json'), 'utf8');
  const expected = readFileSync(path.join(scratch, 'package-lock.json'), 'utf8');
  if (committed !== expected) {
    const ours = committed.split('\n');
    const theirs = expected.split('\n');
    const first = ours.findIndex((line, index) => line !== theirs[index]);
    console.error(
      `package-lock.json is out of date with package.json (first difference at line ${String(first + 1)}):\n` +
        `  committed: ${ours[first] ?? '(end of file)'}\n  npm writes: ${theirs[first] ?? '(end of file)'}\n` +
        'Run `npm install` and commit package-lock.json.',
    );
    process.exit(1);
  }
  console.log('package-lock.json matches package.json.');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
