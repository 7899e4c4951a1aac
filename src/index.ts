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
  configs: {
    recommended: TSESLint.FlatConfig.Config;
    'recommended-type-checked': TSESLint.FlatConfig.Config;
  };
}

const plugin: Plugin = {
  meta: { name, version },
  rules,
  configs: { recommended: {}, 'recommended-type-checked': {} },
};

const plugins = { 'pool-lifetime': plugin as unknown as TSESLint.FlatConfig.Plugin };
const ruleOn: TSESLint.FlatConfig.Rules = { 'pool-lifetime/no-iterator-outlives-pool': 'error' };

plugin.configs.recommended = { name: 'pool-lifetime/recommended', plugins, rules: ruleOn };

/**
 * The same rule set, for projects that lint with type information: the rule
 * then also finds lazy iterators and pools by type, across modules. Type
 * information itself comes from the parser options (`projectService: true`),
 * which this config turns on for TypeScript files.
 */
plugin.configs['recommended-type-checked'] = {
  name: 'pool-lifetime/recommended-type-checked',
  plugins,
  languageOptions: { parserOptions: { projectService: true } },
  rules: ruleOn,
};

export default plugin;
