// The plugin inside a typescript-eslint `tseslint.config(...)` set-up, with type information:
// the type-aware config finds an iterator whose method name no list knows.
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../../src/index.js';

const fixtures = path.join(import.meta.dirname, '../../fixtures/typed');

const code = `
import { Farm } from './worker-farm.js';
export async function load(jobs: number[]) {
  await using farm = new Farm(4);
  return farm.results(jobs);
}
`;

describe('tseslint.config(...) with configs.recommended-type-checked', () => {
  it('reports the escape by type, with the config composed by typescript-eslint', async () => {
    const eslint = new ESLint({
      cwd: fixtures,
      overrideConfigFile: true,
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- many projects still compose configs this way
      overrideConfig: tseslint.config(
        {
          files: ['**/*.ts'],
          languageOptions: {
            parser: tseslint.parser,
            parserOptions: { tsconfigRootDir: fixtures, disallowAutomaticSingleRunInference: true },
          },
        },
        plugin.configs['recommended-type-checked'],
      ) as ESLint.Options['overrideConfig'],
    });
    const [result] = await eslint.lintText(code, { filePath: path.join(fixtures, 'file.ts') });
    expect(result?.messages.map((m) => [m.ruleId, m.messageId, m.line, m.column])).toEqual([
      ['pool-lifetime/no-iterator-outlives-pool', 'escapesScope', 5, 10],
    ]);
  });
});
