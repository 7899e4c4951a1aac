// The README's first screen, as a new user follows it in a fresh project:
// its install line (with the packed tarball in place of the git URL, which a
// test cannot reach; git-install.test.ts installs the repository from git),
// its eslint.config.js and its example file, each taken from the README
// itself, then `npx eslint .`, whose output must be the one the README shows.
// And `npm run examples` from the clone: one build at most, the reports, and
// the summary as its last line.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { repoRoot, run, runOk, writeFiles } from './support.js';

const ctx = inject('integration');

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

/** The README's text from `## title` to the next `## ` heading. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README: no section '${title}'`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The fenced blocks of `text` in language `lang`, in order. */
function blocks(text: string, lang: string): string[] {
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].filter((match) => match[1] === lang).map((match) => match[2] ?? '');
}

function only(list: string[], what: string): string {
  const [first, ...rest] = list;
  if (first === undefined || rest.length > 0) throw new Error(`README: expected one ${what}, found ${String(list.length)}`);
  return first;
}

const GIT_URL = /git\+https:\/\/\S+\.git/;

describe("the README's first screen, in a fresh project", () => {
  const example = only(blocks(section('What it catches'), 'ts'), 'example in "What it catches"');
  const use = section('Use it');
  const [install, lint] = blocks(use, 'sh');
  const config = only(blocks(use, 'js'), 'config in "Use it"');
  const output = only(blocks(use, 'text'), 'output in "Use it"');

  it('shows one install line with eslint, the parser and the plugin, a config, npx eslint . and the example file by name', () => {
    expect(install?.trim().split('\n')).toHaveLength(1);
    expect(install).toMatch(/^npm install --save-dev eslint @typescript-eslint\/parser git\+https:\/\/\S+\.git\n$/);
    expect(lint).toBe('npx eslint .\n');
    expect(example.split('\n')[0]).toMatch(/^\/\/ src\/[\w-]+\.ts$/);
    expect(config).toContain("files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}']");
  });

  it('installs with its install line, and npx eslint . prints the report the README shows', { timeout: 600_000 }, async () => {
    const dir = path.join(ctx.root, 'readme-first-screen');
    mkdirSync(dir);
    writeFiles(dir, { 'package.json': `${JSON.stringify({ name: 'app', private: true, type: 'module' }, null, 2)}\n` });
    const [command = '', ...args] = (install ?? '').trim().replace(GIT_URL, ctx.tarball).split(/\s+/);
    expect(command).toBe('npm');
    await runOk(command, [...args, '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, timeoutMs: 540_000 });

    const file = (/^\/\/ (\S+)$/m.exec(example)?.[1] ?? '').trim();
    writeFiles(dir, { 'eslint.config.js': config, [file]: example });
    const result = await run('npx', ['eslint', '.'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    // The README shows the project at /home/me/app.
    expect(result.stdout.replaceAll(dir, '/home/me/app').trim()).toBe(output.trim());
  });
});

describe('npm run examples, from the clone', () => {
  it('builds only when dist/ is stale, prints the reports and ends with its summary', async () => {
    const result = await runOk('npm', ['run', 'examples', '--silent'], { cwd: repoRoot });
    const lines = result.stdout.trim().split('\n');
    // The global setup built dist/: nothing to build again.
    expect(result.stdout).not.toContain('Building dist/');
    expect(result.stdout).toContain('pool-lifetime/no-iterator-outlives-pool');
    expect(result.stdout).not.toMatch(/✖ \d+ problems?/u);
    expect(lines.at(-1)).toMatch(/^All \d+ buggy examples are reported \(\d+ reports\) and all \d+ correct examples are silent\.$/);
  });
});
