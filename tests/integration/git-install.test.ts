// Before the package is on the registry, a user installs it from git: npm
// clones the repository, installs its dependencies, runs its `prepare` script
// (the build) and installs what `npm pack` would hold. Here the repository at
// HEAD, cloned, is installed that way (a `git+file:` dependency) into a fresh
// project with ESLint 10 and @typescript-eslint/parser, which then lints the
// buggy file with the ESLint CLI.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { BUGGY_COLUMN, BUGGY_LINE, BUGGY_SOURCE, ESLINT_CONFIG, repoRoot, RULE_ID, run, runOk, writeFiles } from './support.js';

const ctx = inject('integration');

describe('a git install of the repository', () => {
  it('builds dist/ on install and reports the buggy file', { timeout: 900_000 }, async () => {
    const { stdout: head } = await runOk('git', ['rev-parse', 'HEAD'], { cwd: repoRoot });
    const clone = path.join(ctx.root, 'git-clone');
    await runOk('git', ['clone', '--quiet', repoRoot, clone], { cwd: ctx.root });

    const project = path.join(ctx.root, 'git-install');
    mkdirSync(project);
    writeFiles(project, {
      'package.json': `${JSON.stringify({ name: 'git-install', private: true, type: 'module' }, null, 2)}\n`,
    });
    await runOk(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        `git+file://${clone}#${head.trim()}`,
        'eslint@10',
        '@typescript-eslint/parser@^8.72.0',
      ],
      { cwd: project, timeoutMs: 840_000 },
    );
    const installed = path.join(project, 'node_modules/eslint-plugin-pool-lifetime');
    expect(existsSync(path.join(installed, 'dist/index.js'))).toBe(true);
    expect(existsSync(path.join(installed, 'src'))).toBe(false);

    writeFiles(project, { 'eslint.config.js': ESLINT_CONFIG, 'src/a.ts': BUGGY_SOURCE });
    const result = await run('npx', ['eslint', '--format', 'json', 'src/a.ts'], { cwd: project });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const [file] = JSON.parse(result.stdout) as { messages: { ruleId: string | null; line: number; column: number }[] }[];
    expect(file?.messages.map(({ ruleId, line, column }) => ({ ruleId, line, column }))).toEqual([
      { ruleId: RULE_ID, line: BUGGY_LINE, column: BUGGY_COLUMN },
    ]);
  });
});
