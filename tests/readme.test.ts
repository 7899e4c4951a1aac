// The README and the docs pages agree with each other: one `files` glob in
// every config example (the TypeScript and JavaScript extensions), the same
// in the lint-staged example, options shown as flat config, and the
// measurements kept on their own page, one section per measurement, with the
// README's headline figures linking there. (tests/integration/readme.test.ts
// runs the README's first screen in a fresh project.)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const docs = readdirSync(path.join(root, 'docs'), { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.md'))
  .map((name) => ({ name: `docs/${name}`, text: readFileSync(path.join(root, 'docs', name), 'utf8') }));
const pages = [{ name: 'README.md', text: readme }, ...docs];

const GLOB = "['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}']";

describe('README and docs', () => {
  it('use one files glob in every config example', () => {
    const globs = pages.flatMap(({ name, text }) =>
      [...text.matchAll(/^\s*(?:\{ )?files: (\[[^\]]*\])/gm)].map((match) => ({ name, glob: match[1] })),
    );
    expect(globs.length).toBeGreaterThanOrEqual(5);
    expect(globs.filter(({ glob }) => glob !== GLOB)).toEqual([]);
  });

  it('run lint-staged on the same files', () => {
    const block = /```json\n(\{\n {2}"lint-staged"[\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    expect(JSON.parse(block ?? '{}')).toEqual({ 'lint-staged': { '*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}': 'eslint' } });
  });

  it('show rule options as flat config, never as a JSON rules object', () => {
    for (const { name, text } of pages) expect(text, name).not.toMatch(/```json\n\{\n {2}"rules"/);
  });

  it('keep the measurements on their own page, one section each, with three headline lines in the README', () => {
    const measurements = docs.find(({ name }) => name === 'docs/measurements.md')?.text ?? '';
    const sections = [...measurements.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    expect(sections).toEqual([
      'The test suite',
      "Benchmark: the rule's cost on real code",
      'Pathological shapes',
      'Ground truth by execution',
      'Robustness on installed packages',
      'Real code',
      'Field suite',
    ]);
    // Each section gives its command.
    for (const section of measurements.split(/^## /m).slice(1)) expect(section).toMatch(/```sh\nnpm (test|run \S+)/);
    const headline = /## Measurements\n\n((?:- .+\n)+)\n(.+)\n/.exec(readme);
    expect(headline?.[1]?.trim().split('\n')).toHaveLength(3);
    expect(headline?.[2]).toContain('(docs/measurements.md)');
    expect(readme).not.toMatch(/^## (Benchmark|Ground truth|Real code)/m);
  });

  it('keeps the first screen for users: what the rule catches, then how to use it, then the clone', () => {
    const headings = [...readme.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    expect(headings.slice(0, 3)).toEqual(['What it catches', 'Use it', 'From a clone']);
    const clone = readme.slice(readme.indexOf('## From a clone'));
    expect(/```sh\n(.*)\n(.*)\n```/.exec(clone)?.slice(1)).toEqual(['npm install && npm run examples', 'npm test']);
  });
});
