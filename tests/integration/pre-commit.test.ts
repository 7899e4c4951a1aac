// Pre-commit: a real git repository whose `.git/hooks/pre-commit` runs
// `npx lint-staged`, with lint-staged running `eslint` on staged .ts files
// (the tarball, ESLint 10 and lint-staged 16 installed as a user would).
// Committing the bug is refused with the rule's report; committing the fix
// goes through.
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { BUGGY_SOURCE, ESLINT_CONFIG, FIXED_SOURCE, makeProject, RULE_ID, run, runOk, writeFiles } from './support.js';

const ctx = inject('integration');

describe('a git pre-commit hook running lint-staged', () => {
  let dir = '';
  const git = (...args: string[]) => run('git', args, { cwd: dir });
  const commitCount = async () => Number((await runOk('git', ['rev-list', '--count', 'HEAD'], { cwd: dir })).stdout.trim());

  beforeAll(async () => {
    dir = makeProject(ctx.root, ctx.eslint10, 'pre-commit', {
      'package.json': `${JSON.stringify(
        { name: 'pre-commit', private: true, type: 'module', 'lint-staged': { '*.ts': 'eslint' } },
        null,
        2,
      )}\n`,
      'eslint.config.js': ESLINT_CONFIG,
      '.gitignore': 'node_modules\n',
    });
    await runOk('git', ['init', '--quiet', '--initial-branch=main'], { cwd: dir });
    await runOk('git', ['config', 'user.name', 'Integration Test'], { cwd: dir });
    await runOk('git', ['config', 'user.email', 'integration@example.invalid'], { cwd: dir });
    await runOk('git', ['config', 'commit.gpgsign', 'false'], { cwd: dir });
    const hook = path.join(dir, '.git/hooks/pre-commit');
    writeFileSync(hook, '#!/bin/sh\nnpx lint-staged\n');
    chmodSync(hook, 0o755);
    await runOk('git', ['add', '.'], { cwd: dir });
    // The first commit has no .ts file: lint-staged has nothing to run and lets it through.
    await runOk('git', ['commit', '--quiet', '-m', 'Project setup'], { cwd: dir });
  });

  it('refuses the commit that adds the bug, with the rule id in the output', async () => {
    writeFiles(dir, { 'src/a.ts': BUGGY_SOURCE });
    await runOk('git', ['add', 'src/a.ts'], { cwd: dir });
    const commit = await git('commit', '-m', 'Thumbnails');
    const output = commit.stdout + commit.stderr;
    expect(commit.code, output).not.toBe(0);
    expect(output).toContain(RULE_ID);
    expect(output).toContain("'results' (from pool.imapUnordered(…)) is read after pool 'pool' closes");
    expect(await commitCount()).toBe(1);
    // lint-staged leaves the work tree and the index as they were.
    const status = await runOk('git', ['status', '--porcelain'], { cwd: dir });
    expect(status.stdout).toBe('A  src/a.ts\n');
  });

  it('accepts the commit once the file is fixed', async () => {
    writeFiles(dir, { 'src/a.ts': FIXED_SOURCE });
    await runOk('git', ['add', 'src/a.ts'], { cwd: dir });
    const commit = await git('commit', '-m', 'Thumbnails');
    expect(commit.code, commit.stdout + commit.stderr).toBe(0);
    expect(await commitCount()).toBe(2);
    const files = await runOk('git', ['show', '--name-only', '--format=', 'HEAD'], { cwd: dir });
    expect(files.stdout.trim()).toBe('src/a.ts');
  });
});
