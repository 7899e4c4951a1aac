// Robustness: the rule never throws. Two fixed samples: a few hundred
// third-party files from node_modules (chosen by a hash of their path, so
// the selection does not move when other packages come and go), and
// fast-check-generated programs in odd shapes (fuzz.js). The full
// node_modules run is `npm run robustness`.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { sampleFuzzPrograms } from './fuzz.js';
import { createFileLinter, fnv1a, listSourceFiles } from './robustness.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const FILE_SAMPLE_MODULUS = 25;
const MAX_FILE_BYTES = 150_000;
const FUZZ_SEED = 424242;
const FUZZ_COUNT = 600;

describe('robustness', () => {
  it('does not throw on a fixed sample of node_modules', () => {
    const lintFile = createFileLinter(plugin);
    const files = listSourceFiles(path.join(root, 'node_modules'))
      .map((file) => path.relative(root, file).split(path.sep).join('/'))
      .filter((file) => fnv1a(file) % FILE_SAMPLE_MODULUS === 0 && statSync(path.join(root, file)).size <= MAX_FILE_BYTES);
    expect(files.length).toBeGreaterThan(200);
    const exceptions: string[] = [];
    let parsed = 0;
    for (const file of files) {
      const result = lintFile(file, readFileSync(path.join(root, file), 'utf8'));
      if (result.exception !== undefined) exceptions.push(`${file}: ${result.exception}`);
      if (result.parser !== undefined) parsed += 1;
    }
    expect(exceptions).toEqual([]);
    expect(parsed).toBeGreaterThan(files.length * 0.95);
  }, 120_000);

  it(`does not throw on ${String(FUZZ_COUNT)} generated odd programs (seed ${String(FUZZ_SEED)})`, () => {
    const lintFile = createFileLinter(plugin, { scopedFactories: ['withPool'] });
    const exceptions: string[] = [];
    let parsed = 0;
    for (const program of sampleFuzzPrograms(FUZZ_COUNT, FUZZ_SEED)) {
      // As TypeScript, and as JavaScript (espree first: most programs have TS syntax and fall back).
      for (const name of ['fuzz.ts', 'fuzz.js']) {
        const result = lintFile(name, program);
        if (result.exception !== undefined) exceptions.push(`${name}: ${result.exception}\n${program}`);
        if (name === 'fuzz.ts' && result.parser !== undefined) parsed += 1;
      }
    }
    expect(exceptions).toEqual([]);
    expect(parsed).toBeGreaterThanOrEqual(500);
  }, 120_000);
});
