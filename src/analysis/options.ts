/**
 * The rule's options, their defaults, and the name sets the analysis reads.
 */

export interface ScopedFactoryObject {
  object: string;
  method: string;
}

export interface RuleOptions {
  lazyMethods?: string[];
  disposeMethods?: string[];
  lazyFunctions?: string[];
  scopedFactories?: (string | ScopedFactoryObject)[];
  ignoreDefaults?: boolean;
}

/** Lazy whether or not the call is awaited (worker-pool imap, streams, iterators). */
export const DEFAULT_ALWAYS_LAZY_METHODS = [
  'imap',
  'imapUnordered',
  'iterate',
  'stream',
  'cursor',
  'iterator',
  'scanIterator',
  'hScanIterator',
  'sScanIterator',
  'zScanIterator',
  'scanStream',
  'sscanStream',
  'hscanStream',
  'zscanStream',
  'readLines',
  'createReadStream',
] as const;

/** Lazy only when the call is not directly awaited (MongoDB cursors vs. ORM queries). */
export const DEFAULT_CURSOR_OR_QUERY_METHODS = [
  'find',
  'aggregate',
  'watch',
  'listCollections',
  'listDatabases',
  'listIndexes',
  'keys',
  'values',
] as const;

/** Method names as `methodName()` spells them: `[Symbol.dispose]` for the well-known symbols. */
export const DEFAULT_DISPOSE_METHODS = [
  'close',
  'end',
  'destroy',
  'terminate',
  'dispose',
  'release',
  'shutdown',
  'quit',
  'disconnect',
  '[Symbol.dispose]',
  '[Symbol.asyncDispose]',
] as const;

export const DEFAULT_LAZY_FUNCTIONS = ['pMapIterable'] as const;

/** The option values after defaults are merged in: what the analysis asks. */
export interface Settings {
  alwaysLazyMethods: ReadonlySet<string>;
  cursorOrQueryMethods: ReadonlySet<string>;
  disposeMethods: ReadonlySet<string>;
  lazyFunctions: ReadonlySet<string>;
  scopedFactoryNames: ReadonlySet<string>;
  scopedFactoryMethods: readonly ScopedFactoryObject[];
  /** Matches text that could hold a pool: `using`, `finally`, a dispose call, a scoped factory. */
  mayHoldPool: RegExp;
  /** Matches text that calls a dispose method: explicit closes need code paths. */
  mayCallDispose: RegExp;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `.close(`, `.end (`, `[Symbol.asyncDispose](`: a call of one of the dispose methods. */
function disposeCallPattern(names: ReadonlySet<string>): string {
  const methods = [...names].filter((name) => !name.startsWith('['));
  const symbols = [...names].filter((name) => name.startsWith('[')).map((name) => name.slice(1, -1));
  const parts = [
    ...(methods.length > 0 ? [`\\.\\s*(?:${methods.map(escapeRegExp).join('|')})\\s*\\(`] : []),
    ...symbols.map((symbol) => escapeRegExp(symbol)),
  ];
  return parts.length > 0 ? parts.join('|') : '(?!)';
}

const cache = new Map<string, Settings>();

/**
 * Settings for the given options, computed once per distinct options (the
 * rule is created for every file). `typed`: with type information a
 * `[Symbol.(async)Dispose]()` call always disposes, whatever the options say.
 */
export function resolveSettings(options: RuleOptions, typed = false): Settings {
  const key = JSON.stringify([options, typed]);
  let settings = cache.get(key);
  if (!settings) {
    settings = computeSettings(options, typed);
    if (cache.size > 100) cache.clear();
    cache.set(key, settings);
  }
  return settings;
}

function computeSettings(options: RuleOptions, typed: boolean): Settings {
  const defaults = options.ignoreDefaults !== true;
  const withDefaults = (given: string[] | undefined, fallback: readonly string[]): Set<string> =>
    new Set([...(defaults ? fallback : []), ...(given ?? [])]);
  const factories = options.scopedFactories ?? [];
  const disposeMethods = new Set([
    ...withDefaults(options.disposeMethods, DEFAULT_DISPOSE_METHODS),
    ...(typed ? ['[Symbol.dispose]', '[Symbol.asyncDispose]'] : []),
  ]);
  const scopedFactoryNames = new Set(factories.filter((f): f is string => typeof f === 'string'));
  const scopedFactoryMethods = factories.filter((f): f is ScopedFactoryObject => typeof f !== 'string');
  const factoryWords = [...scopedFactoryNames, ...scopedFactoryMethods.map((f) => f.method)].map(
    (name) => escapeRegExp(name.slice(name.lastIndexOf('.') + 1)),
  );
  const mayCallDispose = disposeCallPattern(disposeMethods);
  return {
    alwaysLazyMethods: withDefaults(options.lazyMethods, DEFAULT_ALWAYS_LAZY_METHODS),
    cursorOrQueryMethods: new Set(defaults ? DEFAULT_CURSOR_OR_QUERY_METHODS : []),
    disposeMethods,
    lazyFunctions: withDefaults(options.lazyFunctions, DEFAULT_LAZY_FUNCTIONS),
    scopedFactoryNames,
    scopedFactoryMethods,
    mayHoldPool: new RegExp(
      [String.raw`\busing\b`, String.raw`\bfinally\b`, mayCallDispose, ...factoryWords].join('|'),
    ),
    mayCallDispose: new RegExp(mayCallDispose),
  };
}
