// Once per run of the integration tests: build dist/ if it is older than
// src/, pack the project with `npm pack` as a publish would, and install the
// tarball into two consumer projects the way a user does, with the ESLint
// versions at both ends of the peer range:
// - ESLint 10 with @typescript-eslint/parser, the SARIF formatter and
//   lint-staged (the CLI, CI and pre-commit tests use it);
// - ESLint 9.0.0, the lowest version `peerDependencies` allows. It runs flat
//   config with @typescript-eslint/parser 8 (whose peer range is
//   `^8.57.0 || ^9.0.0 || ^10.0.0`), so no higher 9.x is needed for
//   TypeScript files;
// - ESLint 9.28.0 and 9.29.0 alone: `using` in a .js file needs ESLint's own
//   parser to read ES2026, which 9.29.0 is the first to do.
// The ESLint 10 project also has typescript-eslint, to type-check config files.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { repoRoot, runOk, type IntegrationContext } from './support.js';

/** True when some src/ module has no compiled dist/ counterpart newer than it. */
function distIsStale(): boolean {
  const src = path.join(repoRoot, 'src');
  for (const name of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
    if (!name.endsWith('.ts') || name.endsWith('.d.ts')) continue;
    const built = path.join(repoRoot, 'dist', name.replace(/\.ts$/, '.js'));
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(path.join(src, name)).mtimeMs) return true;
  }
  return false;
}

interface PackEntry {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

async function install(dir: string, packages: string[]): Promise<void> {
  mkdirSync(dir);
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: path.basename(dir), private: true, type: 'module' }, null, 2)}\n`,
  );
  await runOk('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...packages], {
    cwd: dir,
    timeoutMs: 300_000,
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'pool-lifetime-integration-')));
  if (distIsStale()) await runOk('npm', ['run', 'build'], { cwd: repoRoot });

  const packed = await runOk('npm', ['pack', '--json', '--pack-destination', root], { cwd: repoRoot });
  const [entry] = JSON.parse(packed.stdout) as PackEntry[];
  if (entry === undefined) throw new Error(`npm pack printed no package:\n${packed.stdout}`);
  const tarball = path.join(root, entry.filename);

  const eslint10 = path.join(root, 'eslint10');
  const eslint9 = path.join(root, 'eslint9');
  const eslint928 = path.join(root, 'eslint9.28');
  const eslint929 = path.join(root, 'eslint9.29');
  await Promise.all([
    install(eslint10, [
      tarball,
      'eslint@10',
      '@typescript-eslint/parser@^8.72.0',
      'typescript-eslint@^8.72.0',
      '@microsoft/eslint-formatter-sarif@^3.1.0',
      'lint-staged@16',
    ]),
    install(eslint9, [tarball, 'eslint@9.0.0', '@typescript-eslint/parser@^8.72.0']),
    install(eslint928, [tarball, 'eslint@9.28.0']),
    install(eslint929, [tarball, 'eslint@9.29.0']),
  ]);

  const context: IntegrationContext = {
    root,
    tarball,
    packedFiles: entry.files.map((file) => file.path),
    size: entry.size,
    unpackedSize: entry.unpackedSize,
    eslint10,
    eslint9,
    eslint928,
    eslint929,
  };
  project.provide('integration', context);

  // Removed asynchronously: a synchronous rmSync of the consumers' node_modules
  // blocks vitest's main process for many seconds while its last workers stop,
  // and vitest then warns that terminating them timed out.
  return async () => {
    if (process.env.KEEP_INTEGRATION_DIR === undefined) await rm(root, { recursive: true, force: true });
    else console.log(`Integration projects kept in ${root}`);
  };
}
