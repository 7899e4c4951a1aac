// The package as npm publishes it: what the tarball holds, what its
// package.json promises, and what the plugin reports about itself once the
// tarball is installed in a project.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { parse } from '@typescript-eslint/parser';
import { describe, expect, inject, it } from 'vitest';
import { makeProject, repoRoot, run, runOk } from './support.js';

const ctx = inject('integration');

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;

/** The modules under src/, as paths relative to src/ without the extension. */
const srcModules = readdirSync(path.join(repoRoot, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
  .map((name) => name.replace(/\.ts$/, '').split(path.sep).join('/'))
  .sort();

/** The modules a parsed file loads: import and export declarations, `import()` and `require()` calls. */
function moduleSpecifiers(node: unknown): string[] {
  if (typeof node !== 'object' || node === null) return [];
  if (Array.isArray(node)) return node.flatMap(moduleSpecifiers);
  const found: string[] = [];
  const record = node as { type?: unknown; source?: unknown; callee?: unknown; arguments?: unknown };
  const literal = (value: unknown): void => {
    const candidate = value as { type?: unknown; value?: unknown } | null | undefined;
    if (candidate?.type === 'Literal' && typeof candidate.value === 'string') found.push(candidate.value);
  };
  if (
    record.type === 'ImportDeclaration' ||
    record.type === 'ExportNamedDeclaration' ||
    record.type === 'ExportAllDeclaration' ||
    record.type === 'ImportExpression'
  ) {
    literal(record.source);
  }
  const callee = record.callee as { type?: unknown; name?: unknown } | undefined;
  if (record.type === 'CallExpression' && callee?.type === 'Identifier' && callee.name === 'require' && Array.isArray(record.arguments)) {
    literal(record.arguments[0]);
  }
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'parent' && key !== 'loc' && key !== 'range') found.push(...moduleSpecifiers(value));
  }
  return found;
}

describe('npm pack', () => {
  it('holds dist/ (JS and .d.ts), README.md, docs/, LICENSE and package.json, and nothing else', () => {
    const allowed = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^docs\/.+\.md$/, /^dist\/.+(?<!\.d)\.js$/, /^dist\/.+\.d\.ts$/];
    const unexpected = ctx.packedFiles.filter((file) => !allowed.some((pattern) => pattern.test(file)));
    expect(unexpected).toEqual([]);
    expect(ctx.packedFiles).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'docs/rules/no-iterator-outlives-pool.md']),
    );
  });

  it('has exactly one .js and one .d.ts in dist/ per module of src/: no test files, no leftovers', () => {
    const dist = ctx.packedFiles.filter((file) => file.startsWith('dist/'));
    const expected = srcModules.flatMap((module) => [`dist/${module}.d.ts`, `dist/${module}.js`]).sort();
    expect(dist.sort(), 'dist/ does not match src/: rebuild it from clean (rm -rf dist && npm run build)').toEqual(expected);
    expect(dist.filter((file) => /\.(test|spec)\./.test(file) || file.includes('/tests/'))).toEqual([]);
  });

  it('needs at lint time only its dependencies, its peers and Node built-ins', () => {
    const used = new Set<string>();
    for (const file of ctx.packedFiles.filter((name) => name.endsWith('.js'))) {
      const text = readFileSync(path.join(repoRoot, file), 'utf8');
      for (const specifier of moduleSpecifiers(parse(text, { sourceType: 'module', ecmaVersion: 'latest' }))) {
        if (specifier.startsWith('.')) continue;
        const parts = specifier.split('/');
        used.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier));
      }
    }
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    const external = [...used].filter((name) => !builtins.has(name)).sort();
    const dependencies = Object.keys(manifest.dependencies ?? {}).sort();
    const peers = Object.keys(manifest.peerDependencies ?? {});
    // Everything imported is declared; every dependency is imported.
    expect(external.filter((name) => !dependencies.includes(name) && !peers.includes(name))).toEqual([]);
    expect(dependencies.filter((name) => !external.includes(name))).toEqual([]);
    expect(dependencies).toContain('@typescript-eslint/utils');
  });

  it('declares eslint 9 and 10 as peers, and typescript as an optional peer', () => {
    expect(manifest.peerDependencies?.eslint).toBe('^9.0.0 || ^10.0.0');
    expect(manifest.peerDependencies?.typescript).toBeDefined();
    expect(manifest.peerDependenciesMeta?.typescript?.optional).toBe(true);
    expect(Object.keys(manifest.dependencies ?? {})).not.toContain('eslint');
    expect(Object.keys(manifest.dependencies ?? {})).not.toContain('typescript');
  });
});

describe('the installed tarball', () => {
  it('reads meta.name and meta.version from its own package.json, and links each rule to its docs page', async () => {
    const script = `
      const { default: plugin } = await import('eslint-plugin-pool-lifetime');
      const rules = Object.fromEntries(Object.entries(plugin.rules).map(([name, rule]) => [name, rule.meta.docs.url]));
      console.log(JSON.stringify({ meta: plugin.meta, configs: Object.keys(plugin.configs), rules }));
    `;
    const { stdout } = await runOk('node', ['--input-type=module', '-e', script], { cwd: ctx.eslint10 });
    const loaded = JSON.parse(stdout) as { meta: { name: string; version: string }; configs: string[]; rules: Record<string, string> };
    expect(loaded.meta).toEqual({ name: manifest.name, version: manifest.version });
    expect(loaded.configs).toContain('recommended');
    for (const [name, url] of Object.entries(loaded.rules)) {
      expect(url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
      expect(ctx.packedFiles).toContain(`docs/rules/${name}.md`);
    }
  });

  it('ships types that ESLint, typescript-eslint and tsc accept in eslint.config.ts and a // @ts-check eslint.config.js', { timeout: 600_000 }, async () => {
    const dir = makeProject(ctx.root, ctx.eslint10, 'types', {
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          target: 'es2023',
          strict: true,
          exactOptionalPropertyTypes: true,
          noEmit: true,
          skipLibCheck: false,
          allowJs: true,
          checkJs: true,
        },
        files: ['eslint.config.ts', 'eslint.config.js', 'tseslint.config.ts'],
      }),
      // ESLint's own types: defineConfig(), Linter.Config[], ESLint.Plugin.
      'eslint.config.ts': `import type { ESLint, Linter } from 'eslint';
import { defineConfig } from 'eslint/config';
import poolLifetime from 'eslint-plugin-pool-lifetime';

const plugin: ESLint.Plugin = poolLifetime;
const configs: Linter.Config[] = [poolLifetime.configs.recommended, poolLifetime.configs['recommended-type-checked']];
const url: string = poolLifetime.rules['no-iterator-outlives-pool'].meta.docs.url;

export default defineConfig(
  poolLifetime.configs.recommended,
  ...configs,
  {
    files: ['**/*.{ts,mts,cts,tsx}'],
    plugins: { 'pool-lifetime': plugin },
    rules: { 'pool-lifetime/no-iterator-outlives-pool': ['error', { lazyMethods: ['streamRows'] }] },
  },
  { name: url },
);
`,
      'eslint.config.js': `// @ts-check
import poolLifetime from 'eslint-plugin-pool-lifetime';

/** @type {import('eslint').Linter.Config[]} */
export default [poolLifetime.configs.recommended, poolLifetime.configs['recommended-type-checked']];
`,
      // typescript-eslint's helper, with its own configs and the plugin in `plugins`.
      'tseslint.config.ts': `import tseslint from 'typescript-eslint';
import poolLifetime from 'eslint-plugin-pool-lifetime';

// eslint-disable-next-line @typescript-eslint/no-deprecated -- many projects still compose configs this way
export default tseslint.config(
  tseslint.configs.recommended,
  poolLifetime.configs['recommended-type-checked'],
  { plugins: { 'pool-lifetime': poolLifetime }, rules: { 'pool-lifetime/no-iterator-outlives-pool': 'warn' } },
);
`,
    });
    // TypeScript is there as the parser's peer; run it by path so npx never fetches anything.
    // Without skipLibCheck, tsc also checks every declaration file involved: on a busy 2-core machine that takes minutes.
    const result = await run('node', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { cwd: dir, timeoutMs: 540_000 });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
