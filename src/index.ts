import type { TSESLint } from '@typescript-eslint/utils';
import { createRequire } from 'node:module';
import noIteratorOutlivesPool from './rules/no-iterator-outlives-pool.js';

const require = createRequire(import.meta.url);
const { name, version } = require('../package.json') as { name: string; version: string };

const rules = {
  'no-iterator-outlives-pool': noIteratorOutlivesPool,
};

interface Plugin {
  meta: { name: string; version: string };
  rules: typeof rules;
  configs: { recommended: TSESLint.FlatConfig.Config };
}

const plugin: Plugin = {
  meta: { name, version },
  rules,
  configs: { recommended: {} },
};

plugin.configs.recommended = {
  name: 'pool-lifetime/recommended',
  plugins: { 'pool-lifetime': plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: { 'pool-lifetime/no-iterator-outlives-pool': 'error' },
};

export default plugin;
