import { createRequire } from 'node:module';
import noIteratorOutlivesPool, { type MessageId } from './rules/no-iterator-outlives-pool.js';
import noPoolUsedAfterClose, { type MessageId as PoolUseMessageId } from './rules/no-pool-used-after-close.js';

const require = createRequire(import.meta.url);
const { name, version } = require('../package.json') as { name: string; version: string };

// The public types are plain object types, with no interface from ESLint's or
// typescript-eslint's typings: the two disagree (ESLint's `languageOptions`
// has an index signature, typescript-eslint's does not, and their rule
// contexts differ), while an object type like these fits both. So the plugin
// is an `ESLint.Plugin`, each config a `Linter.Config`, and both go into
// `defineConfig()` from `eslint/config` as well as typescript-eslint's
// `tseslint.config()`, in an `eslint.config.ts` or a `// @ts-check`
// `eslint.config.js`.

/**
 * A visitor function. Declared as a method, so that its parameter is compared
 * both ways: ESLint's node types and typescript-eslint's both fit.
 */
type Visit = { visit(node: unknown): void }['visit'];

/** A rule as a config sees it: its meta, and a `create` that ESLint calls with its rule context. */
export type PoolLifetimeRule<Messages extends string = MessageId> = {
  meta: {
    type: 'problem' | 'suggestion' | 'layout';
    docs: { description: string; url: string; recommended: boolean; requiresTypeChecking: boolean };
    hasSuggestions?: boolean;
    messages: Record<Messages, string>;
  };
  create(context: unknown): { [selector: string]: Visit | undefined };
};

/** A shared config: the plugin under its namespace, with both rules on as errors. */
export type PoolLifetimeConfig = {
  name: string;
  plugins: { 'pool-lifetime': PoolLifetimePlugin };
  rules: { 'pool-lifetime/no-iterator-outlives-pool': 'error'; 'pool-lifetime/no-pool-used-after-close': 'error' };
};

/** `recommended-type-checked`: the same, with `parserOptions.projectService` on. */
export type PoolLifetimeTypeCheckedConfig = PoolLifetimeConfig & {
  languageOptions: { parserOptions: { projectService: boolean } };
};

export type PoolLifetimePlugin = {
  meta: { name: string; version: string };
  rules: { 'no-iterator-outlives-pool': PoolLifetimeRule; 'no-pool-used-after-close': PoolLifetimeRule<PoolUseMessageId> };
  configs: { recommended: PoolLifetimeConfig; 'recommended-type-checked': PoolLifetimeTypeCheckedConfig };
};

const rules = { 'no-iterator-outlives-pool': noIteratorOutlivesPool, 'no-pool-used-after-close': noPoolUsedAfterClose };

const plugin: PoolLifetimePlugin = {
  meta: { name, version },
  rules,
  configs: {} as PoolLifetimePlugin['configs'],
};

const plugins = { 'pool-lifetime': plugin };
const ruleOn = { 'pool-lifetime/no-iterator-outlives-pool': 'error', 'pool-lifetime/no-pool-used-after-close': 'error' } as const;

plugin.configs.recommended = { name: 'pool-lifetime/recommended', plugins, rules: ruleOn };

/**
 * The same rule set, for projects that lint with type information: the rules
 * then also find lazy iterators and pools by type, across modules. Type
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
