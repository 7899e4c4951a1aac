// Lints the example files with the plugin as users install it: the built
// package and its `recommended` config (both rules), without type information, plus the
// one option the examples need: generic-pool's `pgPool.use(fn)` as a scoped
// factory.
import tsParser from '@typescript-eslint/parser';
import poolLifetime from '../dist/index.js';

export default [
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tsParser,
      ecmaVersion: 'latest',
      sourceType: 'module',
    },
  },
  poolLifetime.configs.recommended,
  {
    rules: {
      'pool-lifetime/no-iterator-outlives-pool': ['error', { scopedFactories: [{ object: 'pgPool', method: 'use' }] }],
    },
  },
];
