import type { TSESLint } from '@typescript-eslint/utils';

/** Docs pages live in the repository, one per rule. */
export interface PoolLifetimeDocs {
  description: string;
  /** Whether the rule needs type information (it uses it when present, and works without). */
  requiresTypeChecking: boolean;
  /** The shared configs the rule is on in. */
  recommended: boolean;
}

const docsUrl = (name: string): string =>
  `https://github.com/eslint-plugin-pool-lifetime/eslint-plugin-pool-lifetime/blob/main/docs/rules/${name}.md`;

interface RuleDefinition<Options extends readonly unknown[], MessageIds extends string> {
  name: string;
  meta: Omit<TSESLint.RuleMetaData<MessageIds, PoolLifetimeDocs, Options>, 'docs'> & { docs: PoolLifetimeDocs };
  create: (context: Readonly<TSESLint.RuleContext<MessageIds, Options>>) => TSESLint.RuleListener;
}

/**
 * Like typescript-eslint's `RuleCreator`, with the docs URL filled in, but
 * without merging default options into a fresh object for every file: this
 * rule's defaults are all empty, ESLint 9.15+ applies `meta.defaultOptions`
 * itself, and the rule reads `context.options` directly (the same object for
 * every file of a config, which lets it cache its settings).
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>({
  name,
  meta,
  create,
}: RuleDefinition<Options, MessageIds>): TSESLint.RuleModule<MessageIds, Options, PoolLifetimeDocs> & {
  name: string;
  meta: { docs: PoolLifetimeDocs & { url: string } };
} {
  return { name, meta: { ...meta, docs: { ...meta.docs, url: docsUrl(name) } }, create };
}
