// The project lints itself: typescript-eslint's strict type-checked rules for
// the TypeScript sources and tests, eslint-plugin-eslint-plugin's recommended
// rules for the rule modules, and the non-type-checked rules for plain
// JavaScript (scripts and config files, which no tsconfig includes).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';

/** The Node globals the plain JavaScript files use. */
const nodeGlobals = {
  console: 'readonly',
  process: 'readonly',
  URL: 'readonly',
};

export default defineConfig(
  globalIgnores(['dist/', 'examples/', 'node_modules/', 'coverage/', 'notes-tmp/', 'bench/fixtures/', 'tests/field/bugs/']),
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['src/rules/**/*.ts'],
    extends: [eslintPlugin.configs.recommended],
  },
);
